using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crashdesk.Cli.Commands;

/// <summary>The JSON settings of the crash-like commands (camelCase, indented, nulls kept).</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
