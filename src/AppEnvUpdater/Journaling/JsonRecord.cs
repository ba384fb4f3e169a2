using System.Text.Json;

namespace AeUpdater.Journaling;

/// <summary>A state-file record that the full JSON parser read (any valid JSON object; see <see cref="PlainRecord"/>).</summary>
internal sealed class JsonRecord(JsonElement element) : IStateRecord
{
    public JsonElement Element => element;

    public string? Str(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool OptionalStr(string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return value is not null;
    }

    public bool TryBool(string name, out bool value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.True;
        return property.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    public bool TryCount(string name, out int value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number
            && property.TryGetInt32(out value) && value >= 0;
    }
}
