using ClusterOperator.Api.Model;
using ClusterOperator.Api.Validation;
using k8s.Models;

namespace ClusterOperator.Api.Tests;

/// <summary>Templates that reach into the shared node are refused by default, field by field, and allowed when configured.</summary>
public sealed class HostAccessTests
{
    public static TheoryData<string, Action<V1PodSpec>> Requests() => new()
    {
        { "spec.template.spec.hostNetwork", s => s.HostNetwork = true },
        { "spec.template.spec.hostPID", s => s.HostPID = true },
        { "spec.template.spec.hostIPC", s => s.HostIPC = true },
        { "spec.template.spec.volumes[1].hostPath", s => s.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }, new V1Volume { Name = "root", HostPath = new V1HostPathVolumeSource { Path = "/" } }] },
        { "spec.template.spec.containers[0].securityContext.privileged", s => s.Containers[0].SecurityContext = new V1SecurityContext { Privileged = true } },
        { "spec.template.spec.initContainers[0].securityContext.privileged", s => s.InitContainers = [new V1Container { Name = "setup", Image = "busybox", SecurityContext = new V1SecurityContext { Privileged = true } }] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_run_asking_for_host_access_is_refused_with_the_field_path_unless_allowed(string path, Action<V1PodSpec> ask)
    {
        var run = Run();
        ask(run.Spec.Template.Spec);

        var error = Assert.Single(TrainingRunValidator.Validate(run));

        Assert.Equal(path, error.Path);
        Assert.StartsWith("is refused: it ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowPrivilegedPods", error.Message, StringComparison.Ordinal);
        Assert.Empty(TrainingRunValidator.Validate(run, allowPrivilegedPods: true));
    }

    [Fact]
    public void An_idea_asking_for_host_access_is_refused_like_a_run()
    {
        var idea = new IdeaExperiment
        {
            Metadata = new V1ObjectMeta { Name = "peek", NamespaceProperty = "default" },
            Spec = new IdeaExperimentSpec { Gpus = 1, Template = Run().Spec.Template },
        };
        idea.Spec.Template.Spec.HostPID = true;

        Assert.Equal("spec.template.spec.hostPID", Assert.Single(IdeaExperimentValidator.Validate(idea)).Path);
    }

    [Fact]
    public void Explicit_false_and_unprivileged_security_contexts_pass()
    {
        var run = Run();
        var spec = run.Spec.Template.Spec;
        spec.HostNetwork = false;
        spec.HostPID = false;
        spec.Containers[0].SecurityContext = new V1SecurityContext { Privileged = false, AllowPrivilegeEscalation = true, RunAsNonRoot = true };

        Assert.Empty(TrainingRunValidator.Validate(run));
    }

    private static TrainingRun Run() => new()
    {
        Metadata = new V1ObjectMeta { Name = "train", NamespaceProperty = "default" },
        Spec = new TrainingRunSpec
        {
            Replicas = 1,
            GpusPerReplica = 1,
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] } },
        },
    };
}
