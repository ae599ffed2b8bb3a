<?php
// Router for PHP's built-in server (php -S) serving Debian's WordPress.
//
// - /wp-content/... is looked up first in this instance's private content
//   directory (REALWP_CONTENT_DIR: uploads etc.), then in the docroot.
// - Existing files (static or .php like wp-login.php) are served as files.
// - Everything else (pretty permalinks, /wp-json/...) goes to index.php,
//   the equivalent of Apache's "RewriteRule . /index.php".

$docroot = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');

$content_dir = getenv('REALWP_CONTENT_DIR');
if ($content_dir && strpos($path, '/wp-content/') === 0) {
    $base = realpath($content_dir);
    $file = realpath($base . substr($path, strlen('/wp-content')));
    if ($base && $file && strpos($file, $base . '/') === 0 && is_file($file)
        && strtolower(pathinfo($file, PATHINFO_EXTENSION)) !== 'php') {
        $type = function_exists('mime_content_type') ? mime_content_type($file) : false;
        header('Content-Type: ' . ($type ?: 'application/octet-stream'));
        header('Content-Length: ' . filesize($file));
        readfile($file);
        return true;
    }
}

if ($path !== '/' && strpos($path, '..') === false) {
    $candidate = $docroot . $path;
    if (is_file($candidate)) {
        return false; // let the built-in server serve it (or run it if .php)
    }
    if (is_dir($candidate) && is_file(rtrim($candidate, '/') . '/index.php')) {
        return false; // e.g. /wp-admin/
    }
}

$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $docroot . '/index.php';
chdir($docroot);
require $docroot . '/index.php';
