"""Product images served over the site's own origin: fetched safely, cached on disk, or drawn.

A browser never loads a product's image from its source: `GET /api/products/{id}/image`
fetches the stored image_url (by product id, so a client cannot name an address), keeps it
under state_dir/images and serves it with long cache headers; a source that is missing,
unreachable or not an image gets a placeholder naming the product's type instead.
"""
