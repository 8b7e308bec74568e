//! Loading weights across an activation swap.

use std::collections::BTreeSet;

use burn::module::{Module, ModuleVisitor, Param};
use burn::store::{ModuleRecord, RecordError};
use burn::tensor::{Bool, Int, Tensor};

/// The module types whose parameters belong to an activation rather than to the model.
const ACTIVATION_TYPES: [&str; 2] = ["PRelu", "Swish"];

/// Loads `record` into `model` when the two differ only in their activations' parameters.
///
/// A model trained with ReLU has a record without slopes; rebuilt with [`PRelu`](crate::PRelu)
/// or a learnable [`Swish`](crate::Swish) it has parameters the record lacks, and Burn's
/// `load_record` refuses it. This loads every other parameter, leaves the activations'
/// parameters at their initial values, and still refuses anything else that is missing. In
/// the other direction, from learnable activations to fixed ones, the record's slopes are
/// left unused.
///
/// # Errors
///
/// [`RecordError::Validation`] naming the parameters, if a parameter outside an activation is
/// missing from the record or a record entry outside an activation matches no parameter; the
/// errors of Burn's own loading (shape mismatches) otherwise.
///
/// # Example
///
/// ```
/// use burn::module::Module;
/// use burn::tensor::Device;
/// use burn_activations::{load_record_swapping_activations, ActivationConfig, PReluConfig};
///
/// let device = Device::default();
/// let trained = ActivationConfig::Relu.init(&device);
/// let record = trained.into_record();
///
/// let swapped = ActivationConfig::from(PReluConfig::new()).init(&device);
/// let swapped = load_record_swapping_activations(swapped, record).unwrap();
/// ```
pub fn load_record_swapping_activations<M: Module>(
    model: M,
    record: ModuleRecord,
) -> Result<M, RecordError> {
    let mut params = ParamPaths::default();
    model.visit(&mut params);
    let recorded = record_paths(&record)?;

    let missing: Vec<&String> = params
        .model
        .iter()
        .filter(|path| !recorded.contains(*path) && !params.activation.contains(*path))
        .collect();
    let unused: Vec<&String> = recorded
        .iter()
        .filter(|path| !params.model.contains(*path) && !is_activation_path(path))
        .collect();
    if !missing.is_empty() || !unused.is_empty() {
        return Err(RecordError::Validation(format!(
            "load_record_swapping_activations: the record does not match the model outside its \
             activations; missing: {missing:?}, unused: {unused:?}"
        )));
    }

    model.try_load_record(record.allow_partial(true).allow_unused(true))
}

/// Whether a record path ends in a parameter of a learnable activation variant of an enum
/// (`activation.PRelu.alpha`).
fn is_activation_path(path: &str) -> bool {
    let segments: Vec<&str> = path.split('.').collect();
    segments.len() >= 2 && ACTIVATION_TYPES.contains(&segments[segments.len() - 2])
}

fn record_paths(record: &ModuleRecord) -> Result<BTreeSet<String>, RecordError> {
    let bytes = record.clone().into_bytes()?;
    let reader =
        burn_pack::Reader::from_bytes(bytes).map_err(|err| RecordError::Io(err.to_string()))?;
    Ok(reader
        .tensor_names()
        .into_iter()
        .map(String::from)
        .collect())
}

/// The paths of a module's parameters, and those inside an activation module.
#[derive(Default)]
struct ParamPaths {
    path: Vec<String>,
    containers: Vec<String>,
    model: BTreeSet<String>,
    activation: BTreeSet<String>,
}

impl ParamPaths {
    fn add(&mut self) {
        let path = self.path.join(".");
        let in_activation = self.containers.iter().any(|container| {
            container
                .strip_prefix("Struct:")
                .is_some_and(|name| ACTIVATION_TYPES.contains(&name))
        });
        if in_activation {
            self.activation.insert(path.clone());
        }
        self.model.insert(path);
    }
}

impl ModuleVisitor for ParamPaths {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.path.push(name.to_string());
        self.containers.push(container_type.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
        self.containers.pop();
    }

    fn visit_float<const D: usize>(&mut self, _param: &Param<Tensor<D>>) {
        self.add();
    }

    fn visit_int<const D: usize>(&mut self, _param: &Param<Tensor<D, Int>>) {
        self.add();
    }

    fn visit_bool<const D: usize>(&mut self, _param: &Param<Tensor<D, Bool>>) {
        self.add();
    }
}
