namespace Crashdesk.Core.Environments;

/// <summary>How a scalar field's text is read: free text, a count, or a size in bytes.</summary>
public enum EnvironmentFieldKind
{
    Text,
    Count,
    Bytes,
}
