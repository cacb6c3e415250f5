namespace Crashdesk.Core.KnownIssues;

/// <summary>Who built a kernel, as far as its release and build string tell: which version scheme orders it.</summary>
public enum KernelKind
{
    /// <summary>The release and build string do not say; nothing is compared.</summary>
    Unknown,

    /// <summary>A kernel.org release or stable kernel, possibly with a local version (<c>6.6.30</c>, <c>6.1.76-foo</c>).</summary>
    Upstream,

    /// <summary>A Debian kernel package; dpkg orders its version (<c>6.1.192-2</c>).</summary>
    Debian,

    /// <summary>An Ubuntu kernel package; dpkg orders its ABI version (<c>5.15.0-91.101</c>).</summary>
    Ubuntu,

    /// <summary>A RHEL kernel or a rebuild of it (CentOS, Rocky, AlmaLinux); rpm orders its version-release.</summary>
    Rhel,

    /// <summary>A Fedora kernel; rpm orders its version-release (<c>6.5.6-300</c>).</summary>
    Fedora,
}
