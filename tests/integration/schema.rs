//! The JSON Schemas of scenario and plan files: their shape, the committed copy editors use,
//! and their agreement with the loader on real files and on broken ones.

use std::fs;
use std::path::Path;

use arenas::schema::{plan_schema, scenario_schema, to_text};
use serde_json::{Value, json};

/// Where the schema is committed: beside the bundled scenarios, whose first line
/// `#:schema ./arenas-scenario.schema.json` points editors at it.
const GOLDEN: &str = "assets/scenarios/arenas-scenario.schema.json";

/// A TOML document as editors hand it to a JSON Schema validator: dates and times become
/// their TOML text (`2023-10-09`), everything else maps one to one.
fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn json_of(text: &str) -> Value {
    toml_to_json(&toml::from_str::<toml::Value>(text).expect("TOML parses"))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

/// The schema's complaints about a document, one line each.
fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn bundled_text() -> &'static str {
    arenas::scenario::BUNDLED[0].text
}

/// Every object schema with `properties`, with a path for messages.
fn object_schemas(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") {
                out.push((path.to_owned(), value.clone()));
            }
            for (k, v) in map {
                object_schemas(v, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                object_schemas(v, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn scenario_schema_has_the_file_sections_and_refuses_unknown_keys() {
    let schema = scenario_schema();
    let text = to_text(&schema);
    let reparsed: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(reparsed, schema);

    assert_eq!(schema["title"], "Arenas scenario");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(schema.get("$id").is_none());
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false);

    let mut keys: Vec<&str> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "calendar",
            "classroom",
            "event",
            "faction",
            "focus",
            "format",
            "front",
            "initial",
            "ladder",
            "meta",
            "model",
            "us_rung",
            "victory",
            "week",
        ]
    );
    let mut required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    required.sort_unstable();
    assert_eq!(
        required,
        [
            "calendar", "faction", "focus", "format", "front", "initial", "ladder", "meta",
            "model", "us_rung", "victory",
        ]
    );

    // Arrays of tables use the names files write, and point at their entry types.
    for (key, def) in [
        ("front", "FrontDoc"),
        ("faction", "FactionDoc"),
        ("ladder", "LadderRung"),
        ("us_rung", "UsRungDoc"),
        ("event", "EventDoc"),
        ("week", "WeekDoc"),
    ] {
        let prop = &schema["properties"][key];
        assert_eq!(prop["type"], "array", "{key}");
        assert_eq!(prop["items"]["$ref"], format!("#/$defs/{def}"), "{key}");
    }
}

#[test]
fn every_table_is_closed_and_every_field_documented() {
    for (name, schema) in [("scenario", scenario_schema()), ("plan", plan_schema())] {
        let mut objects = Vec::new();
        object_schemas(&schema, "#", &mut objects);
        assert!(
            objects.len() > 10 || name == "plan",
            "{name}: {}",
            objects.len()
        );
        for (path, object) in objects {
            // Every table of both formats refuses unknown keys, like the loader.
            if object.get("type") == Some(&json!("object")) {
                assert_eq!(
                    object["additionalProperties"], false,
                    "{name} {path} accepts unknown keys"
                );
                let description = object["description"].as_str().unwrap_or_default();
                assert!(!description.is_empty(), "{name} {path} has no description");
            }
            for (key, prop) in object["properties"].as_object().expect("properties") {
                // Sub-schemas that only tighten a referenced type carry no text of their own.
                if object.get("$ref").is_some() {
                    continue;
                }
                let description = prop["description"].as_str().unwrap_or_default();
                assert!(
                    !description.is_empty(),
                    "{name} {path}/properties/{key} has no description"
                );
                assert!(
                    !description.contains('\n'),
                    "{name} {path}/properties/{key}: description wrapped mid-sentence"
                );
            }
        }
    }
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for schema in [scenario_schema(), plan_schema()] {
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{}: {e}", e.instance_path());
        }
        validator(&schema);
    }
}

#[test]
fn enums_ranges_and_custom_types_are_described() {
    let schema = scenario_schema();
    let defs = &schema["$defs"];
    let consts = |def: &str| -> Vec<String> {
        defs[def]["oneOf"]
            .as_array()
            .expect("oneOf")
            .iter()
            .map(|v| v["const"].as_str().expect("const").to_owned())
            .collect()
    };
    let tasks = consts("Task");
    assert_eq!(
        tasks,
        arenas::engine::Task::ALL
            .iter()
            .map(|t| t.id())
            .collect::<Vec<_>>()
    );
    assert_eq!(consts("Claim"), ["claimed", "deniable"]);
    assert_eq!(consts("FrontKind"), ["front", "arena"]);
    assert!(consts("Principle").contains(&"us_red_line".to_owned()));
    assert!(consts("Gauge").contains(&"us_rung".to_owned()));

    let faction = &defs["FactionDoc"]["properties"];
    for key in ["autonomy", "public_link", "domestic_constraint", "us_watch"] {
        assert_eq!(faction[key]["minimum"], 0.0, "{key}");
        assert_eq!(faction[key]["maximum"], 1.0, "{key}");
    }
    assert_eq!(faction["capacity"]["maximum"], 100.0);
    assert_eq!(defs["OrderDoc"]["properties"]["intensity"]["maximum"], 3);
    let calendar = &defs["CalendarDoc"]["properties"];
    assert_eq!(calendar["turn_days"]["minimum"], 1);
    assert_eq!(calendar["turn_days"]["maximum"], 31);
    assert_eq!(calendar["start"]["type"], "string");
    assert_eq!(calendar["start"]["format"], "date");
    assert_eq!(defs["EventDoc"]["properties"]["date"]["format"], "date");

    // Optional fields are simply left out in TOML, which has no null.
    assert!(!to_text(&schema).contains("\"null\""));

    let tier = &defs["TierDoc"]["oneOf"];
    assert_eq!(tier[0]["type"], "integer");
    assert_eq!(tier[1]["const"], "patron");
    let fronts = &defs["FrontsDoc"]["oneOf"];
    assert_eq!(fronts[0]["type"], "array");
    assert_eq!(fronts[1]["const"], "any");
}

/// The TOML files of some folders, as (name, text, whether it is a plan).
fn shipped_files(dirs: &[&str]) -> Vec<(String, String, bool)> {
    let mut files = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| entry.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = fs::read_to_string(&path).expect("readable");
            let table: toml::Table = toml::from_str(&text).expect("TOML");
            files.push((path.display().to_string(), text, table.contains_key("turn")));
        }
    }
    files
}

#[test]
fn bundled_and_shipped_scenarios_validate() {
    let schema = scenario_schema();
    let mut texts: Vec<(String, String)> = arenas::scenario::BUNDLED
        .iter()
        .map(|b| (format!("bundled {}", b.id), b.text.to_owned()))
        .collect();
    for (name, text, plan) in shipped_files(&["assets/scenarios", "docs/examples"]) {
        if !plan {
            texts.push((name, text));
        }
    }
    // The bundled scenario, the template and the worked example at least.
    assert!(texts.len() >= 4, "{}", texts.len());
    for (name, text) in texts {
        let errs = errors(&schema, &json_of(&text));
        assert!(errs.is_empty(), "{name}:\n{}", errs.join("\n"));
    }
}

#[test]
fn toml_dates_reach_the_schema_as_date_strings() {
    let doc = json_of(bundled_text());
    assert_eq!(doc["calendar"]["start"], "2023-10-09");
    // What serde itself makes of a TOML date is a private wrapper, not a string: the
    // conversion above is what editors do.
    let value: toml::Value = toml::from_str("d = 2023-10-09").expect("TOML");
    let via_serde = serde_json::to_value(&value).expect("JSON");
    assert!(via_serde["d"].is_object(), "{via_serde}");
    assert_eq!(toml_to_json(&value)["d"], "2023-10-09");
}

#[test]
fn broken_scenarios_fail_the_schema_and_the_loader() {
    let schema = scenario_schema();
    let cases = [
        (
            "unknown top-level key",
            first(
                "focus = \"hamas\"\n",
                "focus = \"hamas\"\ncolour = \"red\"\n",
            ),
        ),
        (
            "unknown key in a table",
            first("turn_days = 7\n", "turn_days = 7\nweekday = 1\n"),
        ),
        (
            "unknown key in a faction",
            first("id = \"hamas\"\n", "id = \"hamas\"\nmotto = \"x\"\n"),
        ),
        (
            "unknown key deep in the model",
            first("[model.us]\n", "[model.us]\nmood = 1.0\n"),
        ),
        ("missing section", first("[victory]\n", "[winning]\n")),
        (
            "wrong front kind",
            first("kind = \"front\"", "kind = \"frontier\""),
        ),
        ("wrong task", first("\"limited_strike\"", "\"raid\"")),
        (
            "wrong claim",
            first("claim = \"claimed\"", "claim = \"owned\""),
        ),
        (
            "wrong principle",
            first("principle = \"", "principle = \"whim_"),
        ),
        (
            "autonomy out of range",
            first("autonomy = 0.8", "autonomy = 1.5"),
        ),
        (
            "tension out of range",
            first("tension = 80.0", "tension = 140.0"),
        ),
        (
            "intensity out of range",
            first("intensity = 3", "intensity = 4"),
        ),
        (
            "turn_days out of range",
            first("turn_days = 7", "turn_days = 40"),
        ),
        ("tier out of range", first("tier = 1", "tier = 4")),
        ("tier as a wrong word", first("tier = 1", "tier = \"boss\"")),
        (
            "fronts as a wrong word",
            first("fronts = [", "fronts = \"all\"\n# ["),
        ),
        (
            "start date as a number",
            first("start = 2023-10-09", "start = 20231009"),
        ),
        (
            "start date with a time of day",
            first("start = 2023-10-09", "start = 2023-10-09T08:00:00"),
        ),
        ("bad id", first("id = \"gaza-2023\"", "id = \"Gaza 2023\"")),
    ];
    for (what, text) in cases {
        let errs = errors(&schema, &json_of(&text));
        assert!(!errs.is_empty(), "{what}: the schema accepts it");
        assert!(
            arenas::scenario::parse("case.toml", &text).is_err(),
            "{what}: the loader accepts it, so the schema is too strict"
        );
    }
}

#[test]
fn the_schema_accepts_what_the_loader_accepts() {
    // Variants the bundled file does not use: each must load and validate.
    let schema = scenario_schema();
    let cases = [
        (
            "no classroom table",
            first(
                "[classroom]\nallow_undo = true\nallow_forecast = true\n",
                "",
            ),
        ),
        (
            "a member that may act anywhere",
            first("fronts = [\"gaza\", \"west_bank\"]", "fronts = \"any\""),
        ),
        (
            "no short labels",
            bundled_text().replace("\nshort = ", "\n# short = "),
        ),
        ("no events or weeks", without_tables(&["event", "week"])),
    ];
    for (what, text) in cases {
        if let Err(d) = arenas::scenario::parse("case.toml", &text) {
            panic!("{what}: the loader refuses it:\n{d}");
        }
        let errs = errors(&schema, &json_of(&text));
        assert!(errs.is_empty(), "{what}:\n{}", errs.join("\n"));
    }
}

/// The bundled scenario with the first occurrence of `old` replaced.
fn first(old: &str, new: &str) -> String {
    let text = bundled_text();
    assert!(text.contains(old), "`{old}` is not in the bundled scenario");
    text.replacen(old, new, 1)
}

/// The bundled scenario without its `[[name]]` tables.
fn without_tables(names: &[&str]) -> String {
    let mut value: toml::Table = toml::from_str(bundled_text()).expect("TOML");
    for name in names {
        value.remove(*name);
    }
    toml::to_string(&value).expect("TOML")
}

#[test]
fn plans_validate_against_the_plan_schema() {
    let schema = plan_schema();
    assert_eq!(schema["title"], "Arenas plan");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["properties"]["turn"]["type"], "array");
    let plans: Vec<_> = shipped_files(&["tests/plans", "docs/examples"])
        .into_iter()
        .filter(|(_, _, plan)| *plan)
        .collect();
    assert!(plans.len() >= 5, "{}", plans.len());
    for (name, text, _) in plans {
        let errs = errors(&schema, &json_of(&text));
        assert!(errs.is_empty(), "{name}:\n{}", errs.join("\n"));
    }
    let bad = "[[turn]]\nfrom = 1\norders = [{ faction = \"hizballah\", front = \"south_lebanon\", task = \"limited_strike\", intensity = 2, claim = \"maybe\" }]\n";
    assert!(!errors(&schema, &json_of(bad)).is_empty());
    let extra = "[[turn]]\nfrom = 1\nnote = \"x\"\n";
    assert!(!errors(&schema, &json_of(extra)).is_empty());
}

#[test]
fn committed_schema_is_current() {
    let fresh = to_text(&scenario_schema());
    let path = Path::new(GOLDEN);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        fs::write(path, &fresh).expect("write the schema");
    }
    let committed = fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{GOLDEN} is out of date; regenerate it with \
         `UPDATE_SCHEMA=1 cargo test --test schema committed_schema_is_current`"
    );
}
