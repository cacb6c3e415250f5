namespace Crashdesk.Core.Environments;

/// <summary>The shape of a pasted or collected package list (<see cref="PackageListParser"/>).</summary>
public enum PackageListFormat
{
    /// <summary>Nothing but blank lines.</summary>
    Empty,
    /// <summary><c>dpkg -l</c>: status, name[:arch], version, architecture, description.</summary>
    Dpkg,
    /// <summary><c>rpm -qa</c>: one <c>name-version-release.arch</c> per line (sos's <c>installed-rpms</c> adds the install date after it).</summary>
    Rpm,
    /// <summary><c>name,version[,arch]</c>, with or without a header line.</summary>
    Csv,
}
