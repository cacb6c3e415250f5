using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.Environments;

/// <summary>
/// Reads an installed-package list as people paste it or sos collects it: <c>dpkg -l</c>,
/// <c>rpm -qa</c> (NEVRA), or CSV <c>name,version[,arch]</c>. Pure: text in, packages and problems
/// (with line numbers) out; a line it cannot read is a problem, never a guess. Used by the sosreport
/// reader and the UI's paste box.
/// </summary>
public static partial class PackageListParser
{
    /// <summary>Reads <paramref name="text"/> in the format its first lines show (<see cref="Detect"/>).</summary>
    public static PackageList Parse(string text) => Detect(text) switch
    {
        PackageListFormat.Dpkg => ParseDpkg(text),
        PackageListFormat.Rpm => ParseRpm(text),
        PackageListFormat.Csv => ParseCsv(text),
        _ => new PackageList(PackageListFormat.Empty, [], []),
    };

    /// <summary>
    /// The format of <paramref name="text"/>: dpkg when a line is dpkg's header or a dpkg row (two
    /// status letters and a name), CSV when the first line has a comma, rpm otherwise.
    /// </summary>
    public static PackageListFormat Detect(string text)
    {
        int seen = 0;
        PackageListFormat? first = null;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.TrimEnd();
            if (line.IsWhiteSpace())
                continue;
            if (line.StartsWith("Desired=") || line.StartsWith("||/") || line.StartsWith("+++-") || DpkgRow().IsMatch(line))
                return PackageListFormat.Dpkg;
            first ??= line.Contains(',') ? PackageListFormat.Csv : PackageListFormat.Rpm;
            if (++seen >= 10)
                break;
        }
        return first ?? PackageListFormat.Empty;
    }

    /// <summary>
    /// <c>dpkg -l</c> (dpkg-query(1) "--list"): after the header, rows of desired action, status and
    /// error flag (<c>ii </c>), then name, version, architecture and description. Rows whose status
    /// is "not installed" (<c>n</c>) or "config files only" (<c>c</c>, a removed package) are not
    /// installed packages and are left out; half-installed and unpacked ones are on the disk and kept.
    /// The name loses its <c>:arch</c> qualifier (multi-arch), the architecture column is kept.
    /// </summary>
    public static PackageList ParseDpkg(string text)
    {
        var packages = new List<PackageFact>();
        var problems = new List<PackageListProblem>();
        bool? hasArchitecture = null; // from the header; dpkg before 1.16.2 printed no architecture column
        int number = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            number++;
            var line = raw.TrimEnd();
            if (line.IsWhiteSpace())
                continue;
            if (line.StartsWith("||/"))
            {
                hasArchitecture = line.Contains("Architecture", StringComparison.Ordinal) || line.Contains("Arch ", StringComparison.Ordinal);
                continue;
            }
            if (line.StartsWith("Desired=") || line.StartsWith("| ") || line.StartsWith("|/") || line.StartsWith("+++-"))
                continue;
            if (!DpkgRow().IsMatch(line))
            {
                problems.Add(new(number, $"not a dpkg -l row (status letters, name, version, architecture): \"{Shorten(line)}\""));
                continue;
            }
            char status = line[1];
            if (status is 'n' or 'c')
                continue;
            var fields = Fields(line[4..], 4);
            if (fields.Count < 2)
            {
                problems.Add(new(number, $"{fields[0]}: no version"));
                continue;
            }
            var (name, qualifier) = SplitQualifier(fields[0]);
            string? arch = qualifier;
            if (fields.Count >= 3 && (hasArchitecture ?? (IsDebianArchitecture(fields[2]) || fields[2] == qualifier)))
                arch = fields[2];
            packages.Add(new PackageFact(name, fields[1], arch));
        }
        return new PackageList(PackageListFormat.Dpkg, packages, problems);
    }

    /// <summary>
    /// <c>rpm -qa</c>: one NEVRA per line, its first word (sos's <c>installed-rpms</c> pads it and
    /// adds the install date). From the right: the architecture after the last dot when it is one
    /// (<c>x86_64</c>, <c>noarch</c>; <c>gpg-pubkey-…</c> has none), the release after the last dash,
    /// the version after the one before; the rest is the name, which may hold dashes
    /// (<c>python3-libs</c>). An epoch is kept in the version as rpm prints it: <c>name-1:2.0-3.el9</c>
    /// and yum's <c>1:name-2.0-3.el9</c> both give version <c>1:2.0-3.el9</c>.
    /// </summary>
    public static PackageList ParseRpm(string text)
    {
        var packages = new List<PackageFact>();
        var problems = new List<PackageListProblem>();
        int number = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            number++;
            var line = raw.Trim();
            if (line.IsEmpty)
                continue;
            int space = line.IndexOfAny(' ', '\t');
            string nevra = (space < 0 ? line : line[..space]).ToString();
            if (ParseNevra(nevra) is { } package)
                packages.Add(package);
            else
                problems.Add(new(number, $"\"{Shorten(nevra)}\" is not name-version-release[.arch]"));
        }
        return new PackageList(PackageListFormat.Rpm, packages, problems);
    }

    /// <summary>One NEVRA (<c>glibc-2.34-83.el9_3.7.x86_64</c>), or null when it has no name, version and release.</summary>
    public static PackageFact? ParseNevra(string nevra)
    {
        string? epoch = null;
        var leading = LeadingEpoch().Match(nevra);
        if (leading.Success)
        {
            epoch = leading.Groups[1].Value;
            nevra = nevra[leading.Length..];
        }
        string? arch = null;
        int dot = nevra.LastIndexOf('.');
        if (dot > 0 && RpmArchitectures.Contains(nevra[(dot + 1)..]))
        {
            arch = nevra[(dot + 1)..];
            nevra = nevra[..dot];
        }
        int releaseDash = nevra.LastIndexOf('-');
        if (releaseDash <= 0 || releaseDash == nevra.Length - 1)
            return null;
        int versionDash = nevra.LastIndexOf('-', releaseDash - 1);
        if (versionDash <= 0 || versionDash == releaseDash - 1)
            return null;
        string name = nevra[..versionDash];
        string version = nevra[(versionDash + 1)..];
        if (epoch is not null)
            version = $"{epoch}:{version}";
        return new PackageFact(name, version, arch);
    }

    /// <summary>
    /// CSV <c>name,version[,arch]</c> (RFC 4180 quoting). A first line whose fields are column names
    /// (name/package, version, arch/architecture) is a header and may order the columns.
    /// </summary>
    public static PackageList ParseCsv(string text)
    {
        var packages = new List<PackageFact>();
        var problems = new List<PackageListProblem>();
        int nameColumn = 0, versionColumn = 1, archColumn = 2;
        bool first = true;
        int number = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            number++;
            if (raw.IsWhiteSpace())
                continue;
            var fields = CsvFields(raw.ToString());
            if (first)
            {
                first = false;
                if (HeaderColumns(fields) is { } header)
                {
                    (nameColumn, versionColumn, archColumn) = header;
                    continue;
                }
            }
            if (fields is null)
            {
                problems.Add(new(number, "a quoted field is not closed"));
                continue;
            }
            string name = Column(fields, nameColumn);
            string version = Column(fields, versionColumn);
            string arch = Column(fields, archColumn);
            if (name.Length == 0)
                problems.Add(new(number, "no package name"));
            else if (version.Length == 0)
                problems.Add(new(number, $"{name}: no version"));
            else
                packages.Add(new PackageFact(SplitQualifier(name).Name, version, arch.Length > 0 ? arch : SplitQualifier(name).Qualifier));
        }
        return new PackageList(PackageListFormat.Csv, packages, problems);
    }

    /// <summary>Architectures rpm writes (rpmrc's arch_canon, and noarch/src for package kinds).</summary>
    private static readonly FrozenSet<string> RpmArchitectures = new[]
    {
        "x86_64", "i386", "i486", "i586", "i686", "athlon", "geode", "noarch", "src", "nosrc",
        "aarch64", "armv7hl", "armv7hnl", "armv7l", "armv6hl", "armv6l", "armv5tel", "ppc", "ppc64", "ppc64le", "ppc64p7",
        "s390", "s390x", "ia64", "riscv64", "loongarch64", "mips", "mipsel", "mips64", "mips64el", "sparc", "sparcv9", "sparc64", "alpha", "x86_64_v2", "x86_64_v3", "x86_64_v4",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Debian architecture names (dpkg-architecture -L, the common ones, and "all").</summary>
    private static readonly FrozenSet<string> DebianArchitectures = new[]
    {
        "all", "amd64", "i386", "arm64", "armhf", "armel", "ppc64el", "ppc64", "s390x", "riscv64", "mips64el", "mipsel", "loong64", "x32", "powerpc", "sparc64", "alpha", "hppa", "ia64", "m68k", "sh4",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static bool IsDebianArchitecture(string value) => DebianArchitectures.Contains(value);

    /// <summary>A dpkg -l row: desired action, status, error flag (space or R), a space, a name.</summary>
    [GeneratedRegex(@"^[uihrp][ncHUFWti][ R] \S")]
    private static partial Regex DpkgRow();

    [GeneratedRegex(@"^(\d+):(?=[^:]+-)")]
    private static partial Regex LeadingEpoch();

    private static (string Name, string? Qualifier) SplitQualifier(string name)
    {
        int colon = name.IndexOf(':');
        return colon > 0 && colon < name.Length - 1 ? (name[..colon], name[(colon + 1)..]) : (name, null);
    }

    /// <summary>The first <paramref name="count"/> whitespace-separated fields (the description, which has spaces, is left out).</summary>
    private static List<string> Fields(ReadOnlySpan<char> text, int count)
    {
        var fields = new List<string>(count);
        foreach (var range in text.SplitAny(' ', '\t'))
        {
            var field = text[range];
            if (field.IsEmpty)
                continue;
            fields.Add(field.ToString());
            if (fields.Count == count)
                break;
        }
        return fields;
    }

    private static (int Name, int Version, int Arch)? HeaderColumns(List<string>? fields)
    {
        if (fields is null)
            return null;
        int name = -1, version = -1, arch = -1;
        for (int i = 0; i < fields.Count; i++)
        {
            switch (fields[i].Trim().ToLowerInvariant())
            {
                case "name" or "package" or "package name":
                    name = i;
                    break;
                case "version":
                    version = i;
                    break;
                case "arch" or "architecture":
                    arch = i;
                    break;
            }
        }
        return name >= 0 && version >= 0 ? (name, version, arch) : null;
    }

    private static string Column(List<string> fields, int column) => column >= 0 && column < fields.Count ? fields[column].Trim() : "";

    /// <summary>RFC 4180 fields of one line; null when a quote is not closed.</summary>
    private static List<string>? CsvFields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        if (quoted)
            return null;
        fields.Add(field.ToString());
        return fields;
    }

    private static string Shorten(ReadOnlySpan<char> line) => line.Length <= 80 ? line.ToString() : string.Concat(line[..80], "…");
}
