//! libwebp's lossy coder, the one piece of C in Dateline's picture path (image 0.25 writes WebP
//! only losslessly). The pixels are imported straight into YUV, the coder's own layout, with no
//! ARGB copy between: 1.5 bytes a pixel (2.5 with alpha) on top of the pixels handed in.

use libwebp_sys::{
    WebPConfig, WebPEncode, WebPMemoryWrite, WebPMemoryWriter, WebPMemoryWriterClear, WebPMemoryWriterInit,
    WebPPicture, WebPPictureFree, WebPPictureImportRGB, WebPPictureImportRGBA, WebPValidateConfig,
};

use crate::MediaError;
use crate::decode::Pixels;

/// A picture being encoded and the bytes written so far, freed together whatever happens.
struct Encoding {
    picture: WebPPicture,
    writer: WebPMemoryWriter,
}

impl Drop for Encoding {
    fn drop(&mut self) {
        // SAFETY: both were initialised by libwebp (`WebPPicture::new`, `WebPMemoryWriterInit`)
        // before this value existed, and each is freed only here.
        unsafe {
            WebPPictureFree(&mut self.picture);
            WebPMemoryWriterClear(&mut self.writer);
        }
    }
}

fn failed(what: &str) -> MediaError {
    MediaError::Processing(format!("libwebp: {what}"))
}

/// `pixels` (whose buffer matches its size: the caller checks) through libwebp's lossy coder at
/// `quality`, 0 to 100, its other settings libwebp's defaults; alpha is kept losslessly.
pub(crate) fn lossy(pixels: &Pixels, quality: f32) -> Result<Vec<u8>, MediaError> {
    let channels: u32 = if pixels.alpha { 4 } else { 3 };
    let expected = u64::from(pixels.width) * u64::from(pixels.height) * u64::from(channels);
    if pixels.bytes.len() as u64 != expected {
        return Err(failed("pixel buffer does not match its size"));
    }
    let width = i32::try_from(pixels.width).map_err(|_| failed("too wide"))?;
    let height = i32::try_from(pixels.height).map_err(|_| failed("too tall"))?;
    let stride = width
        .checked_mul(channels as i32)
        .ok_or_else(|| failed("too wide"))?;

    let mut config = WebPConfig::new().map_err(|()| failed("no default settings"))?;
    config.quality = quality;
    // SAFETY: `config` was initialised by libwebp.
    if unsafe { WebPValidateConfig(&config) } == 0 {
        return Err(failed("settings refused"));
    }

    let mut picture = WebPPicture::new().map_err(|()| failed("no picture"))?;
    picture.use_argb = 0;
    picture.width = width;
    picture.height = height;
    let mut writer = std::mem::MaybeUninit::<WebPMemoryWriter>::uninit();
    // SAFETY: `WebPMemoryWriterInit` initialises every field of the writer.
    let writer = unsafe {
        WebPMemoryWriterInit(writer.as_mut_ptr());
        writer.assume_init()
    };
    // Boxed so that the writer's address, handed to libwebp below, stays put.
    let mut encoding = Box::new(Encoding { picture, writer });

    // SAFETY: the buffer holds `height` rows of `stride` bytes (checked above), and libwebp
    // only reads it, during this call, into the picture's own YUV(A) planes.
    let imported = unsafe {
        if pixels.alpha {
            WebPPictureImportRGBA(&mut encoding.picture, pixels.bytes.as_ptr(), stride)
        } else {
            WebPPictureImportRGB(&mut encoding.picture, pixels.bytes.as_ptr(), stride)
        }
    };
    if imported == 0 {
        return Err(failed("out of memory importing the pixels"));
    }
    encoding.picture.writer = Some(WebPMemoryWrite);
    encoding.picture.custom_ptr = std::ptr::from_mut(&mut encoding.writer).cast();
    // SAFETY: the picture holds its imported planes and writes through `WebPMemoryWrite` into
    // the writer, which lives (boxed, unmoved) as long as the picture.
    let encoded = unsafe { WebPEncode(&config, &mut encoding.picture) };
    if encoded == 0 {
        return Err(failed(&format!("{:?}", encoding.picture.error_code)));
    }
    let written = &encoding.writer;
    if written.mem.is_null() {
        return Err(failed("nothing written"));
    }
    // SAFETY: libwebp wrote `size` bytes at `mem`, owned by the writer until it is cleared.
    Ok(unsafe { std::slice::from_raw_parts(written.mem, written.size) }.to_vec())
}
