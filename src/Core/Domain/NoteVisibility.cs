namespace Crashdesk.Core.Domain;

/// <summary>Who may read a note: the support centre only, or the customer's staff too.</summary>
public enum NoteVisibility
{
    Internal = 0,
    Customer = 1,
}
