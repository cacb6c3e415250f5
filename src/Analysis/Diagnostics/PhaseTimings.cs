using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Diagnostics;

/// <summary>
/// Opt-in durations of named phases (profile load, DWARF scan, each extractor), for
/// `crashdesk analyze --timings` and `profile build --timings`: tells a user (and us) where the
/// time of one run went. Wall time and this process's CPU time (all threads) per phase: on a
/// shared machine the wall time mostly measures waiting for a core. Thread-safe.
/// </summary>
public sealed class PhaseTimings
{
    private readonly List<(string Phase, double WallMs, double CpuMs)> _phases = [];
    private readonly List<TimeSpan> _starts = [];
    private readonly long _createdTicks = Stopwatch.GetTimestamp();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Environment.CpuUsage.TotalTime;

    /// <summary>Runs <paramref name="work"/> and records its duration under <paramref name="phase"/>.</summary>
    public T Measure<T>(string phase, Func<T> work)
    {
        using (Start(phase))
            return work();
    }

    /// <summary>Starts timing <paramref name="phase"/>; disposing the result records it.</summary>
    public Scope Start(string phase) => new(this, phase, Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

    /// <summary>A running phase (see <see cref="Start"/>).</summary>
    public readonly struct Scope(PhaseTimings owner, string phase, long startTicks, TimeSpan startCpu) : IDisposable
    {
        /// <summary>Records the phase.</summary>
        public void Dispose()
        {
            var wall = Stopwatch.GetElapsedTime(startTicks);
            var cpu = Environment.CpuUsage.TotalTime - startCpu;
            lock (owner._phases)
            {
                owner._phases.Add((phase, wall.TotalMilliseconds, cpu.TotalMilliseconds));
                owner._starts.Add(Stopwatch.GetElapsedTime(owner._createdTicks, startTicks));
            }
        }
    }

    /// <summary>
    /// Records a phase measured elsewhere (the engine's child process): <paramref name="start"/> counts from
    /// this object's creation, as <see cref="Spans"/> does.
    /// </summary>
    public void Record(string phase, TimeSpan start, double wallMs, double cpuMs)
    {
        lock (_phases)
        {
            _phases.Add((phase, wallMs, cpuMs));
            _starts.Add(start);
        }
    }

    /// <summary>The phases recorded so far, in the order they ended.</summary>
    public IReadOnlyList<(string Phase, double WallMs, double CpuMs)> Phases
    {
        get
        {
            lock (_phases)
                return _phases.ToArray();
        }
    }

    /// <summary>Every phase recorded so far: when it began (as <see cref="Spans"/>), its wall and CPU time.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Start, double WallMs, double CpuMs)> Recorded
    {
        get
        {
            lock (_phases)
                return [.. _phases.Select((p, i) => (p.Phase, _starts[i], p.WallMs, p.CpuMs))];
        }
    }

    /// <summary>
    /// The phases recorded so far with when each began, as time since this object was created (for
    /// trace spans: phases may nest or leave gaps, so their ends alone do not place them).
    /// </summary>
    public IReadOnlyList<(string Phase, TimeSpan Start, TimeSpan Wall)> Spans
    {
        get
        {
            lock (_phases)
                return [.. _phases.Select((p, i) => (p.Phase, _starts[i], TimeSpan.FromMilliseconds(p.WallMs)))];
        }
    }

    /// <summary>One line per phase ("  phase  wall 12.3 ms  cpu 11.0 ms") and the totals since this object was created.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        foreach (var (phase, wall, cpu) in Phases)
            b.Append(CultureInfo.InvariantCulture, $"  {phase,-28} wall {wall,8:F1} ms   cpu {cpu,8:F1} ms\n");
        b.Append(CultureInfo.InvariantCulture,
            $"  {"total (since start)",-28} wall {_clock.Elapsed.TotalMilliseconds,8:F1} ms   cpu {(Environment.CpuUsage.TotalTime - _cpuAtStart).TotalMilliseconds,8:F1} ms\n");
        return b.ToString();
    }
}
