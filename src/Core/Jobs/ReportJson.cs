using System.Text.Json;

namespace Crashdesk.Core.Jobs;

/// <summary>How reports are stored in JSONB and sent on the wire: web defaults (camelCase).</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
