// Turns what the browser gives us (a picker's FileList, or dropped directory
// entries) into FolderFile paths. Directory reading is batched and iterative,
// so trees with thousands of files don't hang the page.
import type { FolderFile } from '../../data/source';

export function fromFileList(list: FileList | null): FolderFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, blob: file }));
}

const readBatch = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** All files under the dropped entries; readEntries returns at most ~100 at a time, so it is called until empty. */
export async function fromDroppedEntries(
  dropped: (FileSystemEntry | File)[],
  onCount?: (n: number) => void,
): Promise<FolderFile[]> {
  const files: FolderFile[] = [];
  const stack: FileSystemEntry[] = [];
  for (const d of dropped) {
    if (d instanceof File) files.push({ path: d.name, blob: d });
    else stack.push(d);
  }
  while (stack.length) {
    const entry = stack.pop()!;
    const path = entry.fullPath.replace(/^\//, '');
    if (entry.isFile) {
      try {
        files.push({ path, blob: await fileOf(entry as FileSystemFileEntry) });
      } catch {
        // An unreadable entry (permissions, a broken link) becomes an empty file, which the skip rules report.
        files.push({ path, blob: new Blob([]) });
      }
      if (files.length % 200 === 0) onCount?.(files.length);
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (let batch = await readBatch(reader); batch.length; batch = await readBatch(reader)) stack.push(...batch);
    }
  }
  return files;
}

/** The dropped items as entries, or plain files where the browser gives no entry (read inside the drop event). */
export function droppedEntries(data: DataTransfer | null): (FileSystemEntry | File)[] {
  return Array.from(data?.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry() ?? item.getAsFile())
    .filter((e): e is FileSystemEntry | File => e !== null);
}
