namespace AeUpdater.Placeholders.Tests;

/// <summary>A record: the compiler adds Clone, EqualityContract, PrintMembers and operators, which the printer must skip.</summary>
public sealed record SampleRecord(string Name)
{
    public static SampleRecord operator +(SampleRecord left, SampleRecord right) => new(left.Name + right.Name);

    public string? Maybe(int? x, string? y = null) => x is null ? y : Name;
}
