/** The browser tests' screenshots the README shows (doc-images.mjs). */
export declare const DOC_IMAGES: readonly { doc: string; screenshot: string; shows: string }[]
