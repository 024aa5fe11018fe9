//! What the file documents' types say about their own schemas (`#[schemars(...)]`): the id
//! pattern, maps of changes keyed by id, points and outlines. The schemas themselves are
//! made in [`crate::schema`] from the documents.

use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::Value;

pub(crate) use arenas_core::schema_hints::ID_PATTERN;

/// Field transform for per-front and per-faction changes: id keys, values −100 to 100.
pub(crate) fn delta_map(schema: &mut Schema) {
    schema.insert(
        "propertyNames".into(),
        json_schema!({ "pattern": ID_PATTERN }).into(),
    );
    if let Some(Value::Object(values)) = schema.get_mut("additionalProperties") {
        values.insert("minimum".into(), Value::from(-100.0));
        values.insert("maximum".into(), Value::from(100.0));
    }
}

/// `[latitude, longitude]`.
pub(crate) fn lat_lon(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "prefixItems": [
            { "type": "number", "minimum": -90.0, "maximum": 90.0 },
            { "type": "number", "minimum": -180.0, "maximum": 180.0 },
        ],
        "items": { "type": "number" },
        "minItems": 2,
        "maxItems": 2,
    })
}

/// An outline: up to 2000 `[latitude, longitude]` points.
pub(crate) fn outline(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "items": lat_lon(generator),
        "maxItems": 2000,
    })
}
