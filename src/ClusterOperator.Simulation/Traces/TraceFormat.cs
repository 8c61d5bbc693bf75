namespace ClusterOperator.Simulation.Traces;

/// <summary>Which trace format a file was detected as, from its header.</summary>
public enum TraceFormat
{
    /// <summary><c>id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type</c>.</summary>
    Native,

    /// <summary>The Philly-derived format: <c>job_id,user,num_gpu,submit_time,...,duration,...</c>.</summary>
    Philly,
}
