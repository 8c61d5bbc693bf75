namespace ClusterOperator.Sandbox;

/// <summary>
/// Fault injection knobs for reliability tests. They can be changed while the sandbox runs, e.g. to turn
/// faults on only after setup. Thread-safe.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private double _rate;
    private int? _watchMaxSeconds;
    private long _injected;
    private long _watchesClosed;

    public SandboxFaults(double rate = 0, int? watchMaxSeconds = null, int? seed = null)
    {
        Rate = rate;
        WatchMaxSeconds = watchMaxSeconds;
        _random = seed is { } value ? new Random(value) : new Random();
    }

    /// <summary>Fraction of API requests (0 to 1) answered with 500 or with 429 and Retry-After instead of being served.</summary>
    public double Rate
    {
        get => Volatile.Read(ref _rate);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
            Volatile.Write(ref _rate, value);
        }
    }

    /// <summary>When set, the server ends every watch after this many seconds (null: only timeoutSeconds applies).</summary>
    public int? WatchMaxSeconds
    {
        get
        {
            lock (_gate)
            {
                return _watchMaxSeconds;
            }
        }
        set
        {
            if (value is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "must be positive");
            }

            lock (_gate)
            {
                _watchMaxSeconds = value;
            }
        }
    }

    /// <summary>How many requests were failed on purpose so far.</summary>
    public long InjectedErrors => Interlocked.Read(ref _injected);

    /// <summary>How many watches the server ended because of <see cref="WatchMaxSeconds"/>.</summary>
    public long WatchesClosed => Interlocked.Read(ref _watchesClosed);

    /// <summary>Decides whether this request fails; null means serve it, otherwise the status code to answer.</summary>
    internal int? NextFault()
    {
        var rate = Rate;
        if (rate <= 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_random.NextDouble() >= rate)
            {
                return null;
            }

            Interlocked.Increment(ref _injected);
            return _random.Next(2) == 0 ? 500 : 429;
        }
    }

    internal void CountClosedWatch() => Interlocked.Increment(ref _watchesClosed);
}
