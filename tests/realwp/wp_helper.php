<?php
// Command-line helper for tests/realwp/wordpress.py.
//
// Input:  a JSON object {"action": "...", "args": {...}} on standard input.
// Output: a JSON object {"ok": true, "result": ...} or {"ok": false, "error": "..."}
//         written to the file named by the REALWP_RESULT environment variable
//         (WordPress may print notices on stdout; they cannot corrupt the result).
// Env:    REALWP_HOST = "host:port" -- becomes $_SERVER['HTTP_HOST'], which
//         Debian's wp-config.php uses to pick /etc/wordpress/config-<host>.php.
//
// Data never becomes PHP source: it is only ever decoded from JSON.

error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
ini_set('display_errors', 'stderr');

$realwp_result_file = getenv('REALWP_RESULT');
$realwp_host = getenv('REALWP_HOST');

function realwp_finish($payload, $code) {
    global $realwp_result_file;
    file_put_contents($realwp_result_file, json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR));
    exit($code);
}

if (!$realwp_result_file || !$realwp_host) {
    fwrite(STDERR, "REALWP_RESULT and REALWP_HOST must be set\n");
    exit(2);
}

$realwp_request = json_decode(stream_get_contents(STDIN), true);
if (!is_array($realwp_request) || !isset($realwp_request['action'])) {
    realwp_finish(['ok' => false, 'error' => 'bad request JSON'], 2);
}
$realwp_action = $realwp_request['action'];
$realwp_args = isset($realwp_request['args']) && is_array($realwp_request['args']) ? $realwp_request['args'] : [];

$_SERVER['HTTP_HOST'] = $realwp_host;
$_SERVER['SERVER_NAME'] = preg_replace('/:.*/', '', $realwp_host);
$_SERVER['SERVER_PORT'] = (strpos($realwp_host, ':') !== false) ? substr($realwp_host, strrpos($realwp_host, ':') + 1) : '80';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';

if ($realwp_action === 'setup') {
    define('WP_INSTALLING', true);
    // Pluggable: do not try to send the "new site" e-mail.
    function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
}

$realwp_wp_load = getenv('REALWP_WP_LOAD') ?: '/usr/share/wordpress/wp-load.php';
try {
    require_once $realwp_wp_load;
} catch (Throwable $e) {
    realwp_finish(['ok' => false, 'error' => 'loading WordPress: ' . $e->getMessage()], 1);
}

function realwp_check($value) {
    if (is_wp_error($value)) {
        throw new RuntimeException($value->get_error_code() . ': ' . $value->get_error_message());
    }
    return $value;
}

function realwp_term_ids($names, $taxonomy) {
    $ids = [];
    foreach ($names as $name) {
        $found = term_exists($name, $taxonomy);
        if (!$found) {
            $found = realwp_check(wp_insert_term($name, $taxonomy));
        }
        $ids[] = (int) (is_array($found) ? $found['term_id'] : $found);
    }
    return $ids;
}

function realwp_create_post($spec) {
    $type = $spec['post_type'] ?? 'post';
    $post = [
        'post_title' => (string) ($spec['title'] ?? ''),
        'post_content' => (string) ($spec['content'] ?? ''),
        'post_excerpt' => (string) ($spec['excerpt'] ?? ''),
        'post_status' => (string) ($spec['status'] ?? 'publish'),
        'post_type' => $type,
        'post_author' => (int) ($spec['author'] ?? 1),
    ];
    if (!empty($spec['slug'])) {
        $post['post_name'] = (string) $spec['slug'];
    }
    if (!empty($spec['date'])) {
        // Site-local time; the site runs in UTC, so this is UTC as well.
        $post['post_date'] = (string) $spec['date'];
        $post['post_date_gmt'] = get_gmt_from_date($post['post_date']);
    }
    if (!empty($spec['categories'])) {
        $post['post_category'] = realwp_term_ids($spec['categories'], 'category');
    }
    if (!empty($spec['tags'])) {
        $post['tags_input'] = array_values(array_map('strval', $spec['tags']));
    }
    return (int) realwp_check(wp_insert_post(wp_slash($post), true));
}

function realwp_eval($__realwp_file, $data) {
    return require $__realwp_file;
}

function realwp_run($action, $args) {
    switch ($action) {
    case 'setup':
        require_once ABSPATH . 'wp-admin/includes/upgrade.php';
        $installed = wp_install(
            $args['title'], $args['admin_user'], $args['admin_email'], true, '', wp_slash($args['admin_password'])
        );
        update_option('timezone_string', 'UTC');
        update_option('gmt_offset', 0);
        update_option('date_format', 'Y-m-d');
        update_option('time_format', 'H:i');
        update_option('blogdescription', $args['tagline'] ?? '');
        global $wp_rewrite, $wpdb;
        $wp_rewrite->init();
        $wp_rewrite->set_permalink_structure($args['permalink_structure']);
        flush_rewrite_rules(false); // soft flush: no .htaccess
        // Delete the default content: "Hello world!", "Sample Page", the privacy-policy draft, comments.
        foreach ($wpdb->get_col("SELECT ID FROM {$wpdb->posts}") as $id) {
            wp_delete_post((int) $id, true);
        }
        foreach ($wpdb->get_col("SELECT comment_ID FROM {$wpdb->comments}") as $id) {
            wp_delete_comment((int) $id, true);
        }
        update_option('wp_page_for_privacy_policy', 0);
        $result = [
            'user_id' => (int) $installed['user_id'],
            'permalink_structure' => get_option('permalink_structure'),
            'timezone_string' => get_option('timezone_string'),
            'wp_version' => get_bloginfo('version'),
            'posts_left' => (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts}"),
        ];
        break;

    case 'create_posts':
        wp_set_current_user(1); // admin: unfiltered_html, content is stored as given
        $result = [];
        foreach ($args['posts'] as $spec) {
            $result[] = realwp_create_post($spec);
        }
        break;

    case 'update_post':
        wp_set_current_user(1);
        $map = ['title' => 'post_title', 'content' => 'post_content', 'excerpt' => 'post_excerpt',
                'status' => 'post_status', 'slug' => 'post_name', 'date' => 'post_date',
                'author' => 'post_author'];
        $post = ['ID' => (int) $args['post_id']];
        if (!get_post($post['ID'])) {
            throw new RuntimeException('no post ' . $post['ID']);
        }
        foreach ($args['fields'] as $key => $value) {
            if (isset($map[$key])) {
                $post[$map[$key]] = $value;
            } elseif ($key !== 'categories' && $key !== 'tags') {
                throw new RuntimeException('cannot update field ' . $key);
            }
        }
        if (isset($post['post_date'])) {
            $post['post_date_gmt'] = get_gmt_from_date($post['post_date']);
            $post['edit_date'] = true;
        }
        if (isset($args['fields']['categories'])) {
            $post['post_category'] = realwp_term_ids($args['fields']['categories'], 'category');
        }
        if (isset($args['fields']['tags'])) {
            $post['tags_input'] = $args['fields']['tags'];
        }
        realwp_check(wp_update_post(wp_slash($post), true));
        $result = get_post($post['ID'])->post_modified_gmt;
        break;

    case 'set_post_modified':
        global $wpdb;
        $id = (int) $args['post_id'];
        $wpdb->update($wpdb->posts, [
            'post_modified' => $args['modified'],
            'post_modified_gmt' => get_gmt_from_date($args['modified']),
        ], ['ID' => $id]);
        clean_post_cache($id);
        $result = null;
        break;

    case 'create_user':
        $id = realwp_check(wp_insert_user(wp_slash([
            'user_login' => $args['login'],
            'user_pass' => wp_generate_password(20),
            'user_email' => $args['email'],
            'display_name' => $args['display_name'],
            'nickname' => $args['display_name'],
            'role' => $args['role'],
        ])));
        $result = (int) $id;
        break;

    case 'eval':
        // Run a PHP file written by the caller; $data holds the decoded JSON data.
        wp_set_current_user(1);
        $result = realwp_eval($args['file'], $args['data'] ?? null);
        break;

    default:
        throw new RuntimeException('unknown action ' . $action);
    }
    return $result;
}

try {
    $realwp_result = realwp_run($realwp_action, $realwp_args);
} catch (Throwable $e) {
    realwp_finish(['ok' => false, 'error' => get_class($e) . ': ' . $e->getMessage()], 1);
}

realwp_finish(['ok' => true, 'result' => $realwp_result], 0);
