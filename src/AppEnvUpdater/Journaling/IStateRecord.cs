namespace AeUpdater.Journaling;

/// <summary>One record (a JSON object) of a state file, read field by field; nothing here throws for what a field holds.</summary>
internal interface IStateRecord
{
    /// <summary>The field's string, or <see langword="null"/> when it is absent or not a string.</summary>
    string? Str(string name);

    /// <summary>An optional string field: absent or null gives <see langword="null"/> and <see langword="true"/>; another type than string is invalid.</summary>
    bool OptionalStr(string name, out string? value);

    /// <summary>A boolean field; <see langword="false"/> when it is absent or not a boolean.</summary>
    bool TryBool(string name, out bool value);

    /// <summary>A non-negative 32-bit integer field; <see langword="false"/> when it is absent or not one.</summary>
    bool TryCount(string name, out int value);
}
