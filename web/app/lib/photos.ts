/**
 * A phone camera photo is often 3–8 MB; the cloud request limit is 6 MB. Before
 * a form is sent, a large photo is redrawn at most 2000 px wide as a JPEG (still
 * sharp enough to read a licence or see a handover). Without JavaScript the
 * original is sent and the server's 5 MB limit applies. Used by the test-drive
 * licence photo and the delivery photos.
 */
export async function shrinkPhoto(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file || file.size <= 1_500_000 || !file.type.startsWith("image/")) return;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 2000 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return;
    const smaller = new DataTransfer();
    smaller.items.add(new File([blob], `${file.name.replace(/\.\w+$/, "")}.jpg`, { type: "image/jpeg" }));
    input.files = smaller.files;
  } catch {
    // an image the browser cannot decode goes as it is; the server checks it
  }
}
