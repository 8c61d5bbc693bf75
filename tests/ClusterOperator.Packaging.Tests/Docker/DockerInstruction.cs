namespace ClusterOperator.Packaging.Tests.Docker;

/// <summary>One Dockerfile instruction, continuation lines joined, e.g. <c>RUN</c> and its command line.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments);
