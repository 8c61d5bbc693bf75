using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace ClusterOperator.Packaging.Tests.Chart;

public sealed class ConfigurationTests
{
    private const string ConfigDirectory = "/etc/clusteroperator";

    /// <summary>Each chart value, a value unlike its default, and the .NET configuration key the operator binds.</summary>
    [Theory]
    [InlineData("fairShare.weights.alice=3", "FairShare:Weights:alice", "3")]
    [InlineData("fairShare.weights.bob=0.5", "FairShare:Weights:bob", "0.5")]
    [InlineData("fairShare.halfLife=12h", "FairShare:UsageHalfLife", "12h")]
    [InlineData("fairShare.minRuntime=7m", "FairShare:MinRuntime", "7m")]
    [InlineData("fairShare.defaultGracePeriod=2m", "FairShare:DefaultGracePeriod", "2m")]
    [InlineData("fairShare.ideaGuaranteeGpus=3", "FairShare:IdeaGuaranteeGpus", "3")]
    [InlineData("fairShare.ideaMaxGpus=4", "FairShare:IdeaMaxGpus", "4")]
    [InlineData("fairShare.ideaDefaultDuration=90m", "FairShare:IdeaDefaultDuration", "90m")]
    [InlineData("fairShare.ideaMaxDuration=12h", "FairShare:IdeaMaxDuration", "12h")]
    [InlineData("fairShare.starvationThreshold=45m", "FairShare:StarvationThreshold", "45m")]
    [InlineData("fairShare.hysteresis=1.5", "FairShare:ReclaimHysteresis", "1.5")]
    [InlineData("leaderElection.leaseName=gpu-lease", "LeaderElection:LeaseName", "gpu-lease")]
    [InlineData("leaderElection.leaseDuration=30s", "LeaderElection:LeaseDuration", "30s")]
    [InlineData("leaderElection.renewDeadline=20s", "LeaderElection:RenewDeadline", "20s")]
    [InlineData("leaderElection.retryPeriod=5s", "LeaderElection:RetryPeriod", "5s")]
    [InlineData("metrics.port=9090", "Metrics:Port", "9090")]
    [InlineData("security.allowPrivilegedPods=true", "Security:AllowPrivilegedPods", "True")]
    [InlineData("logging.json=false", "Logging:Json", "False")]
    public async Task A_chart_value_reaches_the_operator_configuration(string assignment, string key, string expected)
    {
        var chart = await HelmChart.RenderAsync(ChartValues.Defaults.Set(assignment));

        Assert.Equal(expected, Load(chart)[key]);
    }

    [Fact]
    public async Task Defaults_are_the_documented_operator_defaults()
    {
        var configuration = Load(await RenderedCharts.Defaults);

        Assert.Equal("24h", configuration["FairShare:UsageHalfLife"]);
        Assert.Equal("5m", configuration["FairShare:MinRuntime"]);
        Assert.Equal("60s", configuration["FairShare:DefaultGracePeriod"]);
        Assert.Equal("2", configuration["FairShare:IdeaGuaranteeGpus"]);
        Assert.Equal("8", configuration["FairShare:IdeaMaxGpus"]);
        Assert.Equal("2h", configuration["FairShare:IdeaDefaultDuration"]);
        Assert.Equal("8h", configuration["FairShare:IdeaMaxDuration"]);
        Assert.Equal("30m", configuration["FairShare:StarvationThreshold"]);
        Assert.Equal("15s", configuration["LeaderElection:LeaseDuration"]);
        Assert.Equal("10s", configuration["LeaderElection:RenewDeadline"]);
        Assert.Equal("2s", configuration["LeaderElection:RetryPeriod"]);
        Assert.Equal("8080", configuration["Metrics:Port"]);
        Assert.Equal("False", configuration["Security:AllowPrivilegedPods"]);
        Assert.Empty(configuration.GetSection("FairShare:Weights").GetChildren());
    }

    [Fact]
    public async Task Weights_from_a_values_file_reach_the_operator_per_owner()
    {
        var configuration = Load(await RenderedCharts.AllFeatures);

        Assert.Equal("2", configuration["FairShare:Weights:alice"]);
        Assert.Equal("0.5", configuration["FairShare:Weights:vision-team"]);
        Assert.Equal("10m", configuration["FairShare:MinRuntime"]);
        Assert.Equal("1.25", configuration["FairShare:ReclaimHysteresis"]);
    }

    [Fact]
    public async Task The_configuration_holds_only_the_sections_the_operator_binds()
    {
        var settings = JsonNode.Parse((await RenderedCharts.Defaults).AppSettingsJson)!.AsObject();

        Assert.Equal(["FairShare", "LeaderElection", "Logging", "Metrics", "Security"], settings.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_operator_runs_with_the_mounted_configuration_file()
    {
        var chart = await RenderedCharts.Defaults;
        var container = chart.OperatorContainer;

        Assert.Equal(["--config", $"{ConfigDirectory}/appsettings.json"], container["args"]!.AsArray().Select(a => (string?)a));
        var mount = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == ConfigDirectory)!;
        Assert.True((bool?)mount["readOnly"]);
        var volume = chart.PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!;
        Assert.Equal("cluster-operator", (string?)volume["configMap"]!["name"]);
        Assert.NotNull(chart.Single("ConfigMap", "cluster-operator")["data"]!["appsettings.json"]);
    }

    [Fact]
    public async Task A_configuration_change_rolls_the_pods()
    {
        var before = await RenderedCharts.Defaults;
        var same = await HelmChart.RenderAsync(ChartValues.Defaults);
        var changed = await HelmChart.RenderAsync(ChartValues.Defaults.Set("fairShare.minRuntime=10m"));

        Assert.Equal(Checksum(before), Checksum(same));
        Assert.NotEqual(Checksum(before), Checksum(changed));
        Assert.Matches("^[0-9a-f]{64}$", Checksum(before));
    }

    private static string? Checksum(RenderedChart chart) =>
        (string?)chart.Deployment["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"];

    /// <summary>Reads the rendered appsettings.json the way the operator's host does.</summary>
    private static IConfigurationRoot Load(RenderedChart chart)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(chart.AppSettingsJson));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }
}
