//! The media storage seam on real parts: the local folder in a temporary directory, and S3 on
//! a real S3-compatible server (moto, started by scripts/test) named by
//! `DATELINE_TEST_S3_ENDPOINT`. Both pass the same contract.

mod contract;
mod local_folder;
mod s3_bucket;
