using k8s.Models;

namespace ClusterOperator.Api.Model;

/// <summary>What a TrainingRun's and an IdeaExperiment's specs share: whose run it is and the pods' template.</summary>
public interface IWorkloadSpec
{
    string? Owner { get; set; }

    V1PodTemplateSpec Template { get; set; }
}
