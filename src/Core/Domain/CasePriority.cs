namespace Crashdesk.Core.Domain;

/// <summary>P1 (a production outage) to P4 (a question); new cases start at P3.</summary>
public enum CasePriority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}
