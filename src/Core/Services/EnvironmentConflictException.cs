namespace Crashdesk.Core.Services;

/// <summary>An edit was made on an environment version that is no longer the newest (API: 409).</summary>
public sealed class EnvironmentConflictException(int currentVersion)
    : Exception($"The environment changed meanwhile (it is at version {currentVersion} now); reload it and make your change again.")
{
    public int CurrentVersion { get; } = currentVersion;
}
