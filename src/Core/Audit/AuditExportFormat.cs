namespace Crashdesk.Core.Audit;

/// <summary>How the audit log is exported: CSV (RFC 4180) or JSON Lines (one JSON object per line).</summary>
public enum AuditExportFormat
{
    Csv,
    JsonLines,
}
