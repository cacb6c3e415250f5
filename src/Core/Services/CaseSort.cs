namespace Crashdesk.Core.Services;

/// <summary>Orders of the case list; <see cref="Relevance"/> needs a search text (else it is <see cref="Updated"/>).</summary>
public enum CaseSort
{
    Updated,
    Created,
    Priority,
    Status,
    Title,
    Relevance,

    /// <summary>Kernel release (text order); cases without a report (no release) last.</summary>
    Kernel,
}
