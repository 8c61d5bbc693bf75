using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Workloads;
using static ClusterOperator.Tests.Controllers.TestRuns;

namespace ClusterOperator.Tests.Controllers;

public sealed class GangPodsTests
{
    [Fact]
    public void Gang_pods_get_stable_names_labels_owner_and_gpu_limit()
    {
        var run = Run("bert", replicas: 4, gpus: 8);
        var pod = GangPods.Build(run, 2);

        Assert.Equal("bert-2", pod.Metadata.Name);
        Assert.Equal("bert", pod.Metadata.Labels[ApiGroup.RunLabel]);
        Assert.Equal("2", pod.Metadata.Labels[ApiGroup.ReplicaIndexLabel]);
        Assert.Equal("uid-bert", Assert.Single(pod.Metadata.OwnerReferences).Uid);
        Assert.Equal(ApiGroup.SchedulerName, pod.Spec.SchedulerName);
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal("8", pod.Spec.Containers[0].Resources.Limits[ApiGroup.GpuResource].ToString());
        Assert.Equal("bert-2", pod.Spec.Hostname);
        Assert.Equal("bert", pod.Spec.Subdomain);
        Assert.Equal(60, pod.Spec.TerminationGracePeriodSeconds);
    }

    [Fact]
    public void Gang_pods_get_pytorch_rendezvous_environment()
    {
        var run = Run("bert", replicas: 4, gpus: 8).WithStatus(s => s.Restarts = 2);
        var env = GangPods.Build(run, 3).Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("bert-0.bert.lab.svc", env["MASTER_ADDR"]);
        Assert.Equal("29500", env["MASTER_PORT"]);
        Assert.Equal("4", env["WORLD_SIZE"]);
        Assert.Equal("3", env["RANK"]);
        Assert.Equal("3", env["NODE_RANK"]);
        Assert.Equal("8", env["LOCAL_WORLD_SIZE"]);
        Assert.Equal("2", env["CLUSTEROPERATOR_RESTART_COUNT"]);
        Assert.False(env.ContainsKey("PET_NNODES"));
    }

    [Fact]
    public void Elastic_gang_pods_get_their_bounds()
    {
        var run = Run("ft");
        run.Spec.Elastic = new ElasticSpec { MinReplicas = 2, MaxReplicas = 6 };

        var env = GangPods.Build(run, 0).Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("2:6", env["PET_NNODES"]);
        Assert.Equal(6, GangPods.PodCount(run.Spec));
    }

    [Fact]
    public void The_template_is_copied_not_shared()
    {
        var run = Run();
        var pod = GangPods.Build(run, 0);
        pod.Spec.Containers[0].Args.Add("changed");

        Assert.Equal(["train"], run.Spec.Template.Spec.Containers[0].Args);
    }

    [Fact]
    public void The_rendezvous_service_is_headless_and_selects_the_gang()
    {
        var service = GangPods.BuildService(Run("bert"));

        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.Equal("bert", service.Spec.Selector[ApiGroup.RunLabel]);
        Assert.Equal(29500, Assert.Single(service.Spec.Ports).Port);
    }

    [Fact]
    public void Idea_variants_replace_args_append_env_and_carry_a_deadline()
    {
        var idea = new IdeaExperiment
        {
            Metadata = new() { Name = "sweep", NamespaceProperty = "lab", Uid = "u" },
            Spec = new IdeaExperimentSpec
            {
                Gpus = 2,
                Variants = [new IdeaVariant { Name = "a", Args = ["--lr=1"], Env = [new() { Name = "X", Value = "1" }] }],
                Template = Run().Spec.Template,
            },
        };

        var pod = IdeaPods.Build(idea, "a", TimeSpan.FromMinutes(30));

        Assert.Equal("sweep-a", pod.Metadata.Name);
        Assert.Equal(["--lr=1"], pod.Spec.Containers[0].Args);
        Assert.Contains(pod.Spec.Containers[0].Env, e => e.Name == "X");
        Assert.Equal(1800, pod.Spec.ActiveDeadlineSeconds);
        Assert.Equal("2", pod.Spec.Containers[0].Resources.Limits[ApiGroup.GpuResource].ToString());
        Assert.Equal(["main"], IdeaPods.VariantNames(new IdeaExperimentSpec()));
    }
}
