namespace ClusterOperator.Scheduling.Planning;

/// <summary>What a workload's waiting reason will say; the sentence is written once the plan is complete.</summary>
internal sealed class WaitNote(WaitingCode code)
{
    public WaitingCode Code { get; } = code;

    /// <summary>The pool the note is about (quota notes).</summary>
    public int Pool { get; init; }

    /// <summary>GPUs evicted now, per victim owner, with the owner's excess over its share before.</summary>
    public List<(Owner Owner, int Gpus, double Excess)> Reclaimed { get; } = [];

    /// <summary>GPUs of runs moved to free GPUs elsewhere to make room (defragmentation), per owner.</summary>
    public List<(Owner Owner, int Gpus)> Moved { get; } = [];

    /// <summary>GPUs of victims still inside their MinRuntime protection, per owner, with the latest expiry.</summary>
    public List<(Owner Owner, int Gpus, DateTimeOffset Until)> Awaited { get; } = [];

    /// <summary>GPUs of running work a starvation reservation waits to finish.</summary>
    public int DrainGpus { get; init; }

    public int HeldGpus { get; init; }

    public int HeldNodes { get; init; }

    public DateTimeOffset? ExpectedBy { get; init; }
}
