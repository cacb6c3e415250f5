namespace Crashdesk.Core.Environments;

/// <summary>Whose environment versions: a case's or a customer environment's (exactly one is set).</summary>
public sealed record EnvironmentOwner(Guid? CaseId, Guid? EnvironmentId)
{
    public static EnvironmentOwner OfCase(Guid id) => new(id, null);

    public static EnvironmentOwner OfEnvironment(Guid id) => new(null, id);
}
