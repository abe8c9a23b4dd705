import { t } from "../i18n";
import { ApiError } from "./api";

/**
 * Downloads a file the API sends as an attachment (a template, an export), named as the server
 * names it (`filename*=UTF-8''…`), else `fallbackName`. Errors arrive as the usual envelope.
 */
export async function downloadFrom(path: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "NETWORK", t("error.network"));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; requestId?: string } } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? "HTTP",
      body?.error?.message ?? t("error.http", { status: res.status }),
      undefined,
      body?.error?.requestId,
    );
  }
  const blob = await res.blob();
  const name = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get("content-disposition") ?? "")?.[1];
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
