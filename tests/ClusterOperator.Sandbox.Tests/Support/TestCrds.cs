namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>A small CRD exercising every schema feature the sandbox validates.</summary>
public static class TestCrds
{
    public const string Group = "test.clusteroperator.io";
    public const string Version = "v1";
    public const string Plural = "widgets";

    public const string Widget = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.test.clusteroperator.io
        spec:
          group: test.clusteroperator.io
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wd]
            categories: [all]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Phase
              type: string
              jsonPath: .status.phase
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [owner, size]
                    properties:
                      owner:
                        type: string
                        maxLength: 20
                        pattern: '^[a-z][a-z0-9-]*$'
                      size:
                        type: integer
                        minimum: 1
                        maximum: 64
                      color:
                        type: string
                        enum: [red, green, blue]
                        default: green
                      tags:
                        type: array
                        items:
                          type: string
                      limits:
                        type: object
                        default: {}
                        properties:
                          retries:
                            type: integer
                            default: 3
                  status:
                    type: object
                    properties:
                      phase:
                        type: string
                      observedGeneration:
                        type: integer
        """;
}
