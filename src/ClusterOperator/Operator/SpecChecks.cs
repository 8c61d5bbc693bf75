using System.Collections.Concurrent;
using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using ClusterOperator.Runtime;
using k8s;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// The validator's verdict on each run and experiment, computed once per generation: the reconcilers and every
/// scheduler round ask, and a spec only changes when its generation does.
/// </summary>
internal sealed class SpecChecks(bool allowPrivilegedPods)
{
    private readonly ConcurrentDictionary<ObjectKey, Verdict> _runs = new();
    private readonly ConcurrentDictionary<ObjectKey, Verdict> _ideas = new();

    public IReadOnlyList<FieldError> Errors(TrainingRun run) => Check(_runs, run, r => TrainingRunValidator.Validate(r, allowPrivilegedPods));

    public IReadOnlyList<FieldError> Errors(IdeaExperiment idea) => Check(_ideas, idea, i => IdeaExperimentValidator.Validate(i, allowPrivilegedPods));

    /// <summary>Drops the verdict of a deleted run, so the table holds only live objects.</summary>
    public void Forget(TrainingRun run) => _runs.TryRemove(ObjectKey.From(run), out _);

    /// <summary>Drops the verdict of a deleted experiment.</summary>
    public void Forget(IdeaExperiment idea) => _ideas.TryRemove(ObjectKey.From(idea), out _);

    private static IReadOnlyList<FieldError> Check<T>(ConcurrentDictionary<ObjectKey, Verdict> verdicts, T obj, Func<T, IReadOnlyList<FieldError>> validate)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var key = ObjectKey.From(obj);
        var uid = obj.Metadata.Uid;
        var generation = obj.Metadata.Generation;
        if (generation is not null && verdicts.TryGetValue(key, out var known) && known.Uid == uid && known.Generation == generation)
        {
            return known.Errors;
        }

        var errors = validate(obj);
        verdicts[key] = new Verdict(uid, generation, errors);
        return errors;
    }

    private sealed record Verdict(string? Uid, long? Generation, IReadOnlyList<FieldError> Errors);
}
