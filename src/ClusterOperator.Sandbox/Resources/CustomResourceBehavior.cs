using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Patching;
using ClusterOperator.Sandbox.Schema;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// One served version of a custom resource: structural schema pruning, defaulting and validation, printer
/// columns, selectable fields, and list-map keys for server-side apply. Strategic merge patch is refused, as
/// on a real API server.
/// </summary>
internal sealed class CustomResourceBehavior : ResourceBehavior
{
    private readonly StructuralSchema? _schema;
    private readonly HashSet<string> _selectableFields;
    private readonly PatchSchema _applySchema;

    public CustomResourceBehavior(JsonObject? schema, IReadOnlyList<PrinterColumn> columns, IEnumerable<string> selectableFields)
    {
        _schema = schema is null ? null : new StructuralSchema(schema);
        _selectableFields = new HashSet<string>(selectableFields, StringComparer.Ordinal);
        _applySchema = _schema?.ToPatchSchema() ?? PatchSchema.Build();
        Table = columns.Count == 0
            ? TableLayout.NameAge
            : new TableLayout(
                [TableLayout.NameColumn, .. columns.Select(c => new TableColumn(c.Name, c.Type, c.Description, c.Priority, c.Format))],
                (obj, now) => [TableLayout.Name(obj), .. columns.Select(c => c.Cell(obj, now))]);
    }

    public override TableLayout Table { get; }

    public override PatchSchema? StrategicMergeSchema => null;

    public override PatchSchema ApplySchema => _applySchema;

    public override bool SupportsField(string field) => base.SupportsField(field) || _selectableFields.Contains(field);

    public override IReadOnlyList<string> PruneUnknownFields(JsonObject obj) => _schema?.Prune(obj) ?? [];

    public override void ApplyDefaults(JsonObject obj) => _schema?.ApplyDefaults(obj);

    public override void Validate(JsonObject obj, JsonObject? old, ResourceDefinition definition, List<FieldError> errors,
        OperationContext context)
    {
        if (_schema is not null)
        {
            errors.AddRange(_schema.Validate(obj));
        }
    }
}
