namespace ClusterOperator.Simulation.Replay;

/// <summary>Something that happens at an instant of simulated time.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Job">The job concerned, or null for a planning wake-up.</param>
/// <param name="Attempt">The job's attempt the event belongs to; events of an older attempt are ignored.</param>
internal readonly record struct SimEvent(SimEventKind Kind, SimJob? Job, int Attempt);
