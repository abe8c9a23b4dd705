import { tc } from "../../i18n/courses.zh-CN";
import { ApiError } from "../../lib/api";
import type { ModuleResponse } from "../../lib/types";

/**
 * A file upload with progress. `fetch` cannot report how much of a request body has been sent, so
 * this one call uses XMLHttpRequest; it speaks the same envelope as lib/api (the server's Chinese
 * message, its code and request id) and rides on the same session cookie.
 */
export function uploadWithProgress(
  path: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ModuleResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not our envelope
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve(body as ModuleResponse);
        return;
      }
      const e = (body as { error?: { code?: string; message?: string; details?: unknown; requestId?: string } } | null)?.error;
      reject(
        new ApiError(
          xhr.status,
          e?.code ?? `HTTP_${xhr.status}`,
          e?.message ?? tc("error.http", { status: xhr.status }),
          e?.details,
          e?.requestId ?? xhr.getResponseHeader("x-request-id") ?? undefined,
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, "NETWORK", tc("error.network")));
    xhr.ontimeout = () => reject(new ApiError(0, "TIMEOUT", tc("error.timeout")));
    xhr.onabort = () => reject(new ApiError(0, "ABORTED", tc("courses.teach.media.cancelled")));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

/** "3.2 MB", "820 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
