using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crashdesk.Core.Audit;

/// <summary>
/// Writes audit events as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes
/// doubled) or JSON Lines (https://jsonlines.org: one UTF-8 JSON object per line). A CSV field that a spreadsheet
/// would run as a formula (it starts with = + - @, a tab or a CR: OWASP "CSV Injection") gets a leading apostrophe.
/// </summary>
internal sealed class AuditExportWriter(Stream output, AuditExportFormat format)
{
    private static readonly string[] Columns =
        ["at", "actorUserId", "actorName", "actorEmail", "apiKeyId", "apiKeyName", "clientAddress", "action", "targetKind", "targetId", "caseId", "detail"];

    private readonly StreamWriter _text = new(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);

    public Task WriteHeaderAsync(CancellationToken cancellationToken) =>
        format == AuditExportFormat.Csv ? _text.WriteAsync((string.Join(",", Columns) + "\r\n").AsMemory(), cancellationToken) : Task.CompletedTask;

    public async Task WriteAsync(AuditEventView e, CancellationToken cancellationToken)
    {
        string detail = e.Detail is null ? "" : JsonSerializer.Serialize(e.Detail);
        string line = format == AuditExportFormat.Csv
            ? string.Join(",", new[]
                {
                    e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Id(e.ActorUserId), e.ActorName, e.ActorEmail, Id(e.ApiKeyId),
                    e.ApiKeyName, e.ClientAddress, e.Action, e.TargetKind, Id(e.TargetId), Id(e.CaseId), detail,
                }.Select(Field)) + "\r\n"
            : JsonSerializer.Serialize(e, JsonOptions) + "\n";
        await _text.WriteAsync(line.AsMemory(), cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => _text.FlushAsync(cancellationToken);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string? Id(Guid? id) => id?.ToString();

    internal static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
