//! Many campaigns at once: forecasts on worker threads (`forecast`, with a pool shared by
//! many players), their totals, the balance search over plans, and the reference runs that
//! reports set a class's outcomes against.
//!
//! Depends on the core and the file formats; knows nothing of terminals or reports.

pub mod balance;
pub mod forecast;
pub mod reference;
pub mod totals;
