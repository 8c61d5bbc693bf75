namespace ClusterOperator.Scheduling.Planning;

/// <summary>An owner's victim units of one kind, in eviction order, remembering where the live ones start.</summary>
internal sealed class VictimList : List<VictimUnit>
{
    private int _firstLive;

    public static VictimList Empty { get; } = [];

    /// <summary>
    /// The index of the first unit whose run can still be a victim. Runs evicted, shrunk or waited for earlier in
    /// the plan never become victims again within it, so the scan resumes where it stopped last time.
    /// </summary>
    public int FirstLive()
    {
        while (_firstLive < Count && !this[_firstLive].Workload.CanBeVictim)
        {
            _firstLive++;
        }

        return _firstLive;
    }
}
