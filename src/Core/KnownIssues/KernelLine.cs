namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// A line of kernels whose versions can be compared with one another: a stable series
/// (upstream <c>6.1</c>), a distribution's kernel series (Debian 6.1, Ubuntu 5.15, Ubuntu 5.15 aws)
/// or a distribution release (RHEL 9, Fedora 39). A fix is judged only against kernels of its line.
/// </summary>
/// <param name="Kind">Whose versions these are.</param>
/// <param name="Series">
/// <c>6.1</c> for upstream and Debian; <c>5.15</c> or <c>5.15 aws</c> for Ubuntu (a derivative
/// kernel has its own source package and numbering); the major release (<c>9</c>, <c>39</c>) for RHEL and Fedora.
/// </param>
public readonly record struct KernelLine(KernelKind Kind, string Series)
{
    public static KernelLine Upstream(string series) => new(KernelKind.Upstream, series);

    /// <summary>How sentences name it: "upstream 6.1", "Debian 6.1", "Ubuntu 5.15", "RHEL 9", "Fedora 39".</summary>
    public override string ToString() => Kind switch
    {
        KernelKind.Upstream => $"upstream {Series}",
        KernelKind.Rhel => $"RHEL {Series}",
        _ => $"{Kind} {Series}",
    };
}
