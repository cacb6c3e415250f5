namespace Crashdesk.Core.Audit;

/// <summary>
/// What an audit event records. Names are <c>object.verb</c>, stable (they are stored and searched for);
/// the part before the dot is the kind of the event's target.
/// </summary>
public static class AuditAction
{
    public const string ArtifactDownload = "artifact.download";
    /// <summary>A report shown: the API's report, a version, the changes between versions, or the case page.</summary>
    public const string ReportView = "report.view";
    public const string AuditExport = "audit.export";
    public const string NoteDelete = "note.delete";
    /// <summary>A raw dump's object deleted by the organisation's retention policy (the service is the actor).</summary>
    public const string ArtifactPurge = "artifact.purge";
    /// <summary>Audit events older than the organisation's audit retention deleted (the service is the actor).</summary>
    public const string AuditPurge = "audit.purge";
    /// <summary>An administrator changed a data policy: dump retention, storage quota or audit retention.</summary>
    public const string PolicyChange = "policy.change";
    public const string MemberAdd = "member.add";
    public const string MemberRemove = "member.remove";
    public const string RoleChange = "role.change";
    public const string UserDeactivate = "user.deactivate";
    public const string UserReactivate = "user.reactivate";
    public const string ApiKeyCreate = "apikey.create";
    public const string ApiKeyRevoke = "apikey.revoke";
    public const string ApiKeyRotate = "apikey.rotate";
    public const string SignInSuccess = "signin.success";
    public const string SignInFailure = "signin.failure";
    public const string SignInLockout = "signin.lockout";
    public const string SignOut = "signout";
    public const string OrganizationSwitch = "organization.switch";
    /// <summary>A single sign-on identity linked to a user (by its verified e-mail, or with a provisioned account).</summary>
    public const string ExternalLoginLink = "externallogin.link";
    /// <summary>An administrator removed a user's single sign-on identity.</summary>
    public const string ExternalLoginUnlink = "externallogin.unlink";
    /// <summary>A group marked a known issue with what another organisation's known issue of its signature says.</summary>
    public const string KnownIssueCopy = "knownissue.copy";
    /// <summary>A command line sent to a case's console (its memory is read on the person's behalf).</summary>
    public const string ConsoleCommand = "console.command";
    /// <summary>What a console command printed (its start, size and SHA-256), recorded by the worker that ran it.</summary>
    public const string ConsoleOutput = "console.output";

    public static IReadOnlyList<string> All { get; } =
    [
        ArtifactDownload, ReportView, AuditExport, NoteDelete, ArtifactPurge, AuditPurge, PolicyChange, MemberAdd, MemberRemove, RoleChange, UserDeactivate, UserReactivate,
        ApiKeyCreate, ApiKeyRevoke, ApiKeyRotate, SignInSuccess, SignInFailure, SignInLockout, SignOut, OrganizationSwitch,
        ExternalLoginLink, ExternalLoginUnlink, KnownIssueCopy, ConsoleCommand, ConsoleOutput,
    ];

    /// <summary>The kind of object an action's target is: the name before the dot (<c>artifact</c>, <c>report</c>, …).</summary>
    public static string TargetKindOf(string action) => action.Split('.')[0];
}
