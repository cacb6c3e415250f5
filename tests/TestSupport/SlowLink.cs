namespace Crashdesk.TestSupport;

/// <summary>
/// A loopback relay in front of a server that behaves like a distant link: while <see cref="Delay"/> is set,
/// every read from the client (an HTTP request: one ranged GET of the dump) waits that long before it is passed
/// on, as a round trip to an object store in another region costs. The delay can change while connections are
/// open (a test analyses a dump at full speed, then slows the link for the console).
/// </summary>
public sealed class SlowLink : LoopbackRelay
{
    private long _delayTicks;
    private long _delayedReads;

    /// <summary>Listens on a free loopback port and relays to <paramref name="target"/>'s port on loopback.</summary>
    public SlowLink(Uri target)
        : base(target.Port) => Start();

    /// <summary>How long each read from a client waits before it goes on (zero: none).</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Client reads that waited so far (about one per request).</summary>
    public long DelayedReads => Interlocked.Read(ref _delayedReads);

    /// <inheritdoc />
    protected override async ValueTask<(int Pass, bool End)> ForwardAsync(object? connection, long sentSoFar, int count)
    {
        if (Delay is { Ticks: > 0 } delay)
        {
            Interlocked.Increment(ref _delayedReads);
            await Task.Delay(delay, Stopping);
        }
        return (count, false);
    }
}
