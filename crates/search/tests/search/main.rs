//! What a reader of either edition would notice about search: the right stories come back,
//! in a sensible order, with safe highlighted HTML, whatever they type.

mod corpus;

mod hostile;
mod on_disk;
mod results;
mod words;
