using System.Collections;
using ClusterOperator.Scheduling;

namespace ClusterOperator.Simulation.Replay;

/// <summary>
/// The jobs whose pods hold GPUs (running or terminating), with O(1) add and remove, readable as the core's
/// workloads. The core's plan does not depend on list order, so swap-removal is safe.
/// </summary>
internal sealed class ActiveJobs : IReadOnlyList<Workload>
{
    private readonly List<SimJob> _jobs = [];

    public int Count => _jobs.Count;

    public Workload this[int index] => _jobs[index].Workload;

    public void Add(SimJob job)
    {
        job.ActiveIndex = _jobs.Count;
        _jobs.Add(job);
    }

    public void Remove(SimJob job)
    {
        var last = _jobs[^1];
        _jobs[job.ActiveIndex] = last;
        last.ActiveIndex = job.ActiveIndex;
        _jobs.RemoveAt(_jobs.Count - 1);
        job.ActiveIndex = -1;
    }

    /// <summary>Appends every workload, without an enumerator per plan.</summary>
    public void AddTo(List<Workload> workloads)
    {
        foreach (var job in _jobs)
        {
            workloads.Add(job.Workload);
        }
    }

    public IEnumerator<Workload> GetEnumerator() => _jobs.Select(j => j.Workload).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
