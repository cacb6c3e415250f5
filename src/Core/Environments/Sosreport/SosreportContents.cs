using System.Text;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// What <see cref="SosreportScan"/> kept of an archive: the wanted members' bytes by their real path,
/// the links on the way to them, and the report directory. Links are resolved here, at the end, so
/// their order in the stream does not matter (sos writes <c>installed-debs</c> before its target and
/// <c>uname</c> after it). All paths are normalised and from the archive's root.
/// </summary>
internal sealed class SosreportContents
{
    /// <summary>Most links one lookup follows. Linux follows 40 (MAXSYMLINKS); sos's chains are one or two long.</summary>
    public const int MaxLinkHops = 8;

    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> tooLarge = new(StringComparer.Ordinal);
    private readonly HashSet<string> sparse = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SosreportLink> links = new(StringComparer.Ordinal);

    /// <summary>The report directory with a trailing slash ("sosreport-db1-2026-12-02-abcdef/"), or "" when the members sit at the archive's root.</summary>
    public string Prefix { get; set; } = "";

    public int MemberCount { get; set; }

    public void AddFile(string path, byte[] content) => files[path] = content;

    public void AddTooLarge(string path, long size) => tooLarge[path] = size;

    public void AddSparse(string path) => sparse.Add(path);

    public void AddLink(string path, SosreportLink link) => links[path] = link;

    /// <summary>The member at <paramref name="reportPath"/> (inside the report directory), links followed.</summary>
    public SosreportMember Find(string reportPath)
    {
        string start = Prefix + reportPath;
        var (resolved, state) = Resolve(start);
        if (state is { } failed)
            return new(reportPath, failed, null, resolved);
        if (files.TryGetValue(resolved!, out var bytes))
            return new(reportPath, SosreportMemberState.Read, Encoding.UTF8.GetString(bytes), null);
        if (tooLarge.TryGetValue(resolved!, out long size))
            return new(reportPath, SosreportMemberState.TooLarge, null, Sizes.Format(size));
        if (sparse.Contains(resolved!))
            return new(reportPath, SosreportMemberState.Sparse, null, null);
        return resolved == start
            ? new(reportPath, SosreportMemberState.Absent, null, null)
            : new(reportPath, SosreportMemberState.Dangling, null, Report(resolved!));
    }

    /// <summary>The first of <paramref name="reportPaths"/> that was read; else the first one's finding.</summary>
    public SosreportMember FindFirst(params IReadOnlyList<string> reportPaths)
    {
        SosreportMember? first = null;
        foreach (string path in reportPaths)
        {
            var member = Find(path);
            if (member.IsRead)
                return member;
            first ??= member;
        }
        return first!;
    }

    /// <summary>The raw target of the link at <paramref name="reportPath"/>, or null when it is no link.</summary>
    public string? LinkTarget(string reportPath) => links.GetValueOrDefault(Prefix + reportPath)?.RawTarget;

    /// <summary>
    /// Follows links component by component (a linked directory such as <c>lib -> usr/lib</c> counts),
    /// at most <see cref="MaxLinkHops"/> of them; ".." never climbs above the archive's root.
    /// </summary>
    private (string? Path, SosreportMemberState? Failure) Resolve(string path)
    {
        var pending = new LinkedList<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = new List<string>();
        int hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            string part = node.Value;
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (resolved.Count == 0)
                    return (Report(path), SosreportMemberState.Dangling);
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(part);
            if (!links.TryGetValue(string.Join('/', resolved), out var link))
                continue;
            if (++hops > MaxLinkHops)
                return (null, SosreportMemberState.LinkLoop);
            // The target was normalised from the archive's root when the link was read.
            resolved.Clear();
            var target = link.Target.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (int i = target.Length - 1; i >= 0; i--)
                pending.AddFirst(target[i]);
        }
        return (string.Join('/', resolved), null);
    }

    /// <summary>A path from the archive's root as a path in the report directory (for messages).</summary>
    private string Report(string path) => Prefix.Length > 0 && path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path;
}
