namespace Crashdesk.Core.Domain;

/// <summary>
/// Where a case stands in the support workflow (its own state, apart from the state of its
/// analyses). Wire names are lower-case with dashes (<see cref="CaseWorkflow.Name"/>).
/// </summary>
public enum CaseStatus
{
    New,
    Triaging,
    WaitingForCustomer,
    RootCaused,
    Closed,
}
