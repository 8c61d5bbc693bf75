using ClusterOperator.Configuration;
using ClusterOperator.Scheduling;
using Microsoft.Extensions.Configuration;

namespace ClusterOperator.Tests.Configuration;

public sealed class OperatorConfigurationTests
{
    [Fact]
    public void Options_bind_from_a_file_the_environment_and_the_command_line_in_rising_precedence()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "appsettings.json");
        File.WriteAllText(file, """{ "FairShare": { "MinRuntime": "10m", "StarvationThreshold": "01:00:00", "IdeaMaxGpus": 4, "Weights": { "alice": 2 } } }""");
        Environment.SetEnvironmentVariable("ClusterOperator__FairShare__IdeaMaxGpus", "6");
        try
        {
            var configuration = OperatorConfiguration.Build(file, ["--FairShare:MinRuntime=0s"]);
            var options = new FairShareOptions();
            configuration.GetSection("FairShare").Bind(options);

            Assert.Equal(TimeSpan.Zero, options.MinRuntime);
            Assert.Equal(TimeSpan.FromHours(1), options.StarvationThreshold);
            Assert.Equal(6, options.IdeaMaxGpus);
            Assert.Equal(2, options.Weights["alice"]);
            Assert.Equal(TimeSpan.FromHours(24), options.UsageHalfLife);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ClusterOperator__FairShare__IdeaMaxGpus", null);
        }
    }
}
