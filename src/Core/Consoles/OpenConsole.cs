using Crashdesk.Analysis.Shell;
using Crashdesk.Core.Analyses;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// A session's dump held open by this worker: the shell (kernel context built, task list read once) over
/// the object's byte source, which counts the bytes the store served. Keyed by the session, the artifact
/// and the debug kernel: a re-analysis with another dump or kernel opens a new one.
/// </summary>
internal sealed class OpenConsole(Guid sessionId, Guid artifactId, Guid? debugKernelId, CrashShell shell, NamedByteSource source) : IDisposable
{
    public Guid SessionId { get; } = sessionId;

    public Guid ArtifactId { get; } = artifactId;

    public Guid? DebugKernelId { get; } = debugKernelId;

    public CrashShell Shell { get; } = shell;

    /// <summary>Bytes read from the store since the session was opened.</summary>
    public long BytesRead => source.BytesRead;

    /// <summary>Commands using it now (it is never closed under one).</summary>
    public int InUse { get; set; }

    public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.UtcNow;

    public bool Matches(Guid artifactId, Guid? debugKernelId) => ArtifactId == artifactId && DebugKernelId == debugKernelId;

    public void Dispose() => source.Dispose();
}
