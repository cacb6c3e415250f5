using System.Text.Json;
using Crashdesk.Core.Jobs;

namespace Crashdesk.Core.Environments;

/// <summary>
/// An <see cref="EnvironmentDocument"/> as stored in <c>environment_snapshots.content</c> (the report
/// JSON's conventions: camelCase). PostgreSQL's jsonb keeps keys in its own order, so a document read
/// back has its sections put in the catalogue's order again: equal documents serialise equally.
/// </summary>
public static class EnvironmentJson
{
    public static string Serialize(EnvironmentDocument document) => JsonSerializer.Serialize(document, ReportJson.Options);

    public static EnvironmentDocument Deserialize(string json)
    {
        var document = JsonSerializer.Deserialize<EnvironmentDocument>(json, ReportJson.Options) ?? EnvironmentDocument.Empty;
        return document with
        {
            Hardware = EnvironmentMerge.Ordered(document.Hardware, EnvironmentFields.HardwareFields),
            Os = EnvironmentMerge.Ordered(document.Os, EnvironmentFields.OsFields),
        };
    }
}
