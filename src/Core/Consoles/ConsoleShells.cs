using Crashdesk.Core.Options;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// The sessions this worker holds open (singleton): at most <c>Console:MaxOpenSessions</c>, the least
/// recently used closed first, one idle past <c>Console:IdleTimeout</c> closed by <see cref="CloseIdle"/>;
/// one in use is never closed.
/// </summary>
internal sealed class ConsoleShells(IOptions<ConsoleOptions> options) : IDisposable
{
    private readonly Dictionary<Guid, OpenConsole> _open = [];
    private readonly Dictionary<Guid, Opening> _opening = [];
    private readonly Lock _lock = new();

    /// <summary>The session's open console if it reads that dump with that kernel (marked in use), else null.</summary>
    public OpenConsole? TryTake(Guid sessionId, Guid artifactId, Guid? debugKernelId)
    {
        lock (_lock)
        {
            if (!_open.TryGetValue(sessionId, out var open) || !open.Matches(artifactId, debugKernelId))
                return null;
            open.InUse++;
            open.LastUsed = DateTimeOffset.UtcNow;
            return open;
        }
    }

    /// <summary>
    /// Opens the session's console with <paramref name="open"/> off the caller's thread and keeps it (not in use:
    /// take it with <see cref="TryTake"/>) — unless an open of the same dump and kernel is under way for the
    /// session, whose task is returned instead. The open does not depend on its caller: a command stopped while
    /// waiting leaves it running for the next.
    /// </summary>
    public Task OpenOnce(Guid sessionId, Guid artifactId, Guid? debugKernelId, Func<Task<OpenConsole>> open)
    {
        lock (_lock)
        {
            if (_opening.TryGetValue(sessionId, out var under) && under.ArtifactId == artifactId && under.DebugKernelId == debugKernelId)
                return under.Task;
            var task = Task.Run(async () =>
            {
                var opened = await open();
                Keep(opened);
            });
            _opening[sessionId] = new Opening(artifactId, debugKernelId, task);
            // Ended (opened or failed): the next open of the session starts afresh.
            _ = task.ContinueWith(_ =>
            {
                lock (_lock)
                {
                    if (_opening.TryGetValue(sessionId, out var current) && current.Task == task)
                        _opening.Remove(sessionId);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }
    }

    /// <summary>Keeps a newly opened console, closing the session's older one and the least recently used beyond the cap.</summary>
    private void Keep(OpenConsole opened)
    {
        var closed = new List<OpenConsole>();
        lock (_lock)
        {
            if (_open.Remove(opened.SessionId, out var older))
                closed.Add(older);
            _open[opened.SessionId] = opened;
            while (_open.Count > options.Value.MaxOpenSessions
                && _open.Values.Where(o => o.InUse == 0 && o != opened).MinBy(o => o.LastUsed) is { } oldest)
            {
                _open.Remove(oldest.SessionId);
                closed.Add(oldest);
            }
        }
        foreach (var c in closed)
        {
            if (c.InUse == 0)
                c.Dispose();
        }
    }

    public void Release(OpenConsole open)
    {
        lock (_lock)
        {
            open.InUse--;
            open.LastUsed = DateTimeOffset.UtcNow;
            if (open.InUse == 0 && (!_open.TryGetValue(open.SessionId, out var current) || current != open))
                open.Dispose(); // replaced or evicted while a command used it
        }
    }

    /// <summary>Closes the consoles idle past the timeout; returns their sessions.</summary>
    public IReadOnlyList<Guid> CloseIdle(DateTimeOffset now)
    {
        var idle = new List<OpenConsole>();
        lock (_lock)
        {
            foreach (var open in _open.Values)
            {
                if (open.InUse == 0 && now - open.LastUsed > options.Value.IdleTimeout)
                    idle.Add(open);
            }
            foreach (var open in idle)
                _open.Remove(open.SessionId);
        }
        foreach (var open in idle)
            open.Dispose();
        return [.. idle.Select(o => o.SessionId)];
    }

    /// <summary>Closes a session this worker lost (another worker took it over).</summary>
    public void Close(Guid sessionId)
    {
        lock (_lock)
        {
            if (_open.Remove(sessionId, out var open) && open.InUse == 0)
                open.Dispose();
        }
    }

    public IReadOnlyList<Guid> SessionIds
    {
        get
        {
            lock (_lock)
                return [.. _open.Keys];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var open in _open.Values)
                open.Dispose();
            _open.Clear();
        }
    }

    private sealed record Opening(Guid ArtifactId, Guid? DebugKernelId, Task Task);
}
