using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Comparison;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class EnvironmentService(CrashdeskDbContext db, EnvironmentStore store) : IEnvironmentService
{
    public async Task<EnvironmentView?> GetCaseAsync(Caller caller, Guid caseId, int? version = null, CancellationToken cancellationToken = default)
    {
        var owner = await CaseAsync(caller, caseId, cancellationToken);
        if (owner is null)
            return null;
        return await ViewAsync(EnvironmentOwner.OfCase(caseId), owner.EnvironmentId, version, cancellationToken);
    }

    public async Task<IReadOnlyList<EnvironmentVersionView>?> CaseVersionsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default) =>
        await CaseAsync(caller, caseId, cancellationToken) is null ? null : await store.VersionsAsync(EnvironmentOwner.OfCase(caseId), cancellationToken);

    public async Task<IReadOnlyList<EnvironmentImportView>?> CaseImportsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        if (await CaseAsync(caller, caseId, cancellationToken) is null)
            return null;
        var rows = await db.EnvironmentImports.AsNoTracking().Where(i => i.CaseId == caseId).OrderByDescending(i => i.CreatedAt)
            .Join(db.Artifacts, i => i.ArtifactId, a => a.Id, (i, a) => new { Import = i, a.FileName })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Views.Of(r.Import, r.FileName))];
    }

    public async Task<EnvironmentView?> ReplaceCaseAsync(Caller caller, Guid caseId, EnvironmentInput input, string source, string summary,
        int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("edit an environment");
        var owner = await CaseAsync(caller, caseId, cancellationToken);
        if (owner is null)
            return null;
        Check(input, source);
        await SaveAsync(caller, EnvironmentOwner.OfCase(caseId), expectedVersion, source, summary,
            (current, at) => EnvironmentMerge.Replace(current, input, source, at), cancellationToken);
        return await ViewAsync(EnvironmentOwner.OfCase(caseId), owner.EnvironmentId, null, cancellationToken);
    }

    public async Task<EnvironmentView?> ImportCaseAsync(Caller caller, Guid caseId, EnvironmentInput input, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("import an environment");
        var owner = await CaseAsync(caller, caseId, cancellationToken);
        if (owner is null)
            return null;
        Check(input, FactSources.Api);
        await SaveAsync(caller, EnvironmentOwner.OfCase(caseId), null, FactSources.Api, "imported through the API",
            (current, at) => EnvironmentMerge.Apply(current, EnvironmentMerge.Replace(EnvironmentDocument.Empty, input, FactSources.Api, at)),
            cancellationToken);
        return await ViewAsync(EnvironmentOwner.OfCase(caseId), owner.EnvironmentId, null, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerEnvironmentView>> ListEnvironmentsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var ids = await db.Environments.AsNoTracking().Where(e => e.OrganizationId == caller.OrganizationId)
            .OrderBy(e => e.NormalizedName).Select(e => e.Id).ToListAsync(cancellationToken);
        return await EnvironmentViewsAsync(ids, cancellationToken);
    }

    public async Task<CustomerEnvironmentView> CreateEnvironmentAsync(Caller caller, string name, string? description, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("create a customer environment");
        name = CaseFields.Required("name", name, CustomerEnvironment.NameMax);
        description = CaseFields.Optional("description", description, CustomerEnvironment.DescriptionMax);
        var normalized = CustomerEnvironment.Normalize(name);
        if (await db.Environments.AnyAsync(e => e.OrganizationId == caller.OrganizationId && e.NormalizedName == normalized, cancellationToken))
            throw new ValidationException("name", $"an environment named \"{name}\" exists already");
        var entity = new CustomerEnvironment
        {
            OrganizationId = caller.OrganizationId, Name = name, NormalizedName = normalized, Description = description, CreatedByUserId = caller.UserId,
        };
        db.Environments.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return (await EnvironmentViewsAsync([entity.Id], cancellationToken))[0];
    }

    public async Task<EnvironmentView?> GetEnvironmentAsync(Caller caller, Guid environmentId, int? version = null, CancellationToken cancellationToken = default) =>
        await OwnsEnvironmentAsync(caller, environmentId, cancellationToken)
            ? await ViewAsync(EnvironmentOwner.OfEnvironment(environmentId), environmentId, version, cancellationToken)
            : null;

    public async Task<IReadOnlyList<EnvironmentCaseView>?> EnvironmentCasesAsync(Caller caller, Guid environmentId, CancellationToken cancellationToken = default)
    {
        if (!await OwnsEnvironmentAsync(caller, environmentId, cancellationToken))
            return null;
        return await CaseViews(db.Cases.Where(c => c.OrganizationId == caller.OrganizationId && c.EnvironmentId == environmentId), cancellationToken);
    }

    public async Task<EnvironmentView?> ReplaceEnvironmentAsync(Caller caller, Guid environmentId, EnvironmentInput input, string source, string summary,
        int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("edit an environment");
        if (!await OwnsEnvironmentAsync(caller, environmentId, cancellationToken))
            return null;
        Check(input, source);
        var owner = EnvironmentOwner.OfEnvironment(environmentId);
        await SaveAsync(caller, owner, expectedVersion, source, summary, (current, at) => EnvironmentMerge.Replace(current, input, source, at), cancellationToken);
        return await ViewAsync(owner, environmentId, null, cancellationToken);
    }

    public async Task<bool> LinkCaseAsync(Caller caller, Guid caseId, Guid? environmentId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("link a case to an environment");
        var entity = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (entity is null)
            return false;
        string? name = null;
        if (environmentId is { } id)
        {
            name = await db.Environments.Where(e => e.Id == id && e.OrganizationId == caller.OrganizationId).Select(e => e.Name).FirstOrDefaultAsync(cancellationToken);
            if (name is null)
                return false;
        }
        if (entity.EnvironmentId == environmentId)
            return true;
        string? old = entity.EnvironmentId is { } oldId
            ? await db.Environments.Where(e => e.Id == oldId).Select(e => e.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        entity.EnvironmentId = environmentId;
        entity.UpdatedAt = DateTimeOffset.UtcNow;
        CaseTimeline.Record(db, caseId, caller.UserId, await CaseTimeline.ActorNameAsync(db, caller, cancellationToken), "environment-link", old, name);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<EnvironmentView?> SnapshotFromCaseAsync(Caller caller, Guid environmentId, Guid caseId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("take a case's environment as a new version");
        var owner = await CaseAsync(caller, caseId, cancellationToken);
        if (owner is null || !await OwnsEnvironmentAsync(caller, environmentId, cancellationToken))
            return null;
        var latest = await store.LatestAsync(EnvironmentOwner.OfCase(caseId), cancellationToken);
        if (latest is null)
            return null;
        var document = EnvironmentJson.Deserialize(latest.Content);
        var target = EnvironmentOwner.OfEnvironment(environmentId);
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        // The facts keep their own provenance (dump, sosreport…): the version says where it was taken from.
        await store.AppendAsync(target, (_, _) => document, latest.Source, $"taken from case \"{owner.Title}\" (version {latest.Version})",
            caller.UserId, actor, cancellationToken);
        return await ViewAsync(target, environmentId, null, cancellationToken);
    }

    public async Task<EnvironmentComparisonView?> CompareAsync(Caller caller, EnvironmentRef left, EnvironmentRef right, CancellationToken cancellationToken = default)
    {
        var l = await SideAsync(caller, left, cancellationToken);
        var r = await SideAsync(caller, right, cancellationToken);
        return l is null || r is null ? null : new EnvironmentComparisonView(l, r, EnvironmentComparer.Compare(l.Document, r.Document));
    }

    public async Task<SharedEnvironmentView?> SharedWithCrashAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        var owner = await CaseAsync(caller, caseId, cancellationToken);
        if (owner is null)
            return null;
        if (owner.CrashSignature is not { } signature)
            return new SharedEnvironmentView(null, [], EnvironmentConsensus.Of([]));
        var ids = await db.Cases.AsNoTracking()
            .Where(c => c.OrganizationId == caller.OrganizationId && c.CrashSignature == signature)
            .OrderByDescending(c => c.CreatedAt).Select(c => c.Id).Take(IEnvironmentService.MaxGroupCases).ToListAsync(cancellationToken);
        return (await SharedAmongAsync(caller, ids, cancellationToken)) with { Signature = signature };
    }

    public async Task<SharedEnvironmentView> SharedAmongAsync(Caller caller, IReadOnlyList<Guid> caseIds, CancellationToken cancellationToken = default)
    {
        var wanted = caseIds.Distinct().Take(IEnvironmentService.MaxGroupCases).ToList();
        var cases = await CaseViews(db.Cases.Where(c => c.OrganizationId == caller.OrganizationId && wanted.Contains(c.Id)), cancellationToken);
        // The newest version of each case, in one query.
        var contents = await db.EnvironmentSnapshots.AsNoTracking()
            .Where(s => s.CaseId != null && wanted.Contains(s.CaseId.Value)
                && s.Version == db.EnvironmentSnapshots.Where(o => o.CaseId == s.CaseId).Max(o => o.Version))
            .Select(s => new { CaseId = s.CaseId!.Value, s.Content })
            .ToDictionaryAsync(s => s.CaseId, s => s.Content, cancellationToken);
        var members = cases.Select(c => new ConsensusMember(c.Id, c.Title,
            contents.TryGetValue(c.Id, out var json) ? EnvironmentJson.Deserialize(json) : EnvironmentDocument.Empty)).ToList();
        return new SharedEnvironmentView(null, cases, EnvironmentConsensus.Of(members));
    }

    private static void Check(EnvironmentInput input, string source)
    {
        if (!FactSources.All.Contains(source))
            throw new ArgumentOutOfRangeException(nameof(source), source, "unknown fact source");
        var problems = EnvironmentMerge.Validate(input);
        if (problems.Count > 0)
            throw new ValidationException("environment", string.Join("; ", problems));
    }

    private async Task SaveAsync(Caller caller, EnvironmentOwner owner, int? expectedVersion, string source, string summary,
        Func<EnvironmentDocument, DateTimeOffset, EnvironmentDocument> next, CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        await store.AppendAsync(owner, (current, version) =>
        {
            if (expectedVersion is { } expected && expected != version)
                throw new EnvironmentConflictException(version);
            return next(current, at);
        }, source, summary, caller.UserId, actor, cancellationToken);
    }

    private async Task<EnvironmentView?> ViewAsync(EnvironmentOwner owner, Guid? environmentId, int? version, CancellationToken cancellationToken)
    {
        var latest = await store.LatestAsync(owner, cancellationToken);
        var row = version is { } v ? (latest?.Version == v ? latest : await store.VersionAsync(owner, v, cancellationToken)) : latest;
        if (version is not null && row is null)
            return null;
        var environment = environmentId is { } id ? (await EnvironmentViewsAsync([id], cancellationToken)).FirstOrDefault() : null;
        return new EnvironmentView(
            owner.CaseId,
            environment,
            row is null ? null : await store.ViewAsync(row, cancellationToken),
            latest?.Version ?? 0,
            row is null ? EnvironmentDocument.Empty : EnvironmentJson.Deserialize(row.Content));
    }

    private async Task<EnvironmentSide?> SideAsync(Caller caller, EnvironmentRef reference, CancellationToken cancellationToken)
    {
        if (reference.CaseId is { } caseId)
        {
            var owner = await CaseAsync(caller, caseId, cancellationToken);
            var view = owner is null ? null : await ViewAsync(EnvironmentOwner.OfCase(caseId), null, reference.Version, cancellationToken);
            return view is null ? null : new EnvironmentSide(reference, owner!.Title, view.Version?.Version, view.Document);
        }
        if (reference.EnvironmentId is { } environmentId && await OwnsEnvironmentAsync(caller, environmentId, cancellationToken))
        {
            var view = await ViewAsync(EnvironmentOwner.OfEnvironment(environmentId), environmentId, reference.Version, cancellationToken);
            return view is null ? null : new EnvironmentSide(reference, view.Environment!.Name, view.Version?.Version, view.Document);
        }
        return null;
    }

    private Task<Case?> CaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken) =>
        db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);

    private Task<bool> OwnsEnvironmentAsync(Caller caller, Guid environmentId, CancellationToken cancellationToken) =>
        db.Environments.AnyAsync(e => e.Id == environmentId && e.OrganizationId == caller.OrganizationId, cancellationToken);

    private async Task<IReadOnlyList<EnvironmentCaseView>> CaseViews(IQueryable<Case> cases, CancellationToken cancellationToken) =>
        await cases.AsNoTracking().OrderByDescending(c => c.CreatedAt)
            .Select(c => new EnvironmentCaseView(c.Id, c.Title, c.Customer, c.KernelRelease, db.EnvironmentSnapshots.Any(s => s.CaseId == c.Id)))
            .ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<CustomerEnvironmentView>> EnvironmentViewsAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var rows = await db.Environments.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new CustomerEnvironmentView(e.Id, e.Name, e.Description, e.CreatedAt, e.UpdatedAt,
                db.EnvironmentSnapshots.Where(s => s.EnvironmentId == e.Id).Max(s => (int?)s.Version) ?? 0,
                db.Cases.Count(c => c.EnvironmentId == e.Id)))
            .ToListAsync(cancellationToken);
        return [.. ids.Select(id => rows.FirstOrDefault(r => r.Id == id)).OfType<CustomerEnvironmentView>()];
    }
}
